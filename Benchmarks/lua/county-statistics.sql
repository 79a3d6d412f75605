-- The SQL that county-statistics.lua compiles to, for the sqlite3 CLI.
SELECT c.name, COUNT(*) AS n,
       COALESCE(SUM(CASE WHEN r.status IN ('done', 'verified') THEN 1 ELSE 0 END), 0) AS done
FROM findings f
LEFT JOIN units u ON u.id = f.unit
LEFT JOIN regions g ON g.id = u.region
LEFT JOIN regions c ON c.id = g.county
LEFT JOIN rectifications r ON r.finding = f.id
GROUP BY c.name;
