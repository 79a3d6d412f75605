import DuchaModel

/// A generated dataset of a given number of findings, for benchmarks and load tests:
/// synthetic cities of eight counties each (one city per 50,000 findings), with their
/// bodies, places and people, one inspection per five findings, a rectification for
/// nine findings in ten and a follow-up for every other rectification. The same seed
/// gives the same records.
public struct ScaleSample {
    public let findings: Int
    public let seed: UInt64

    static let findingsPerCity = 50_000
    static let countiesPerCity = 8
    static let townshipsPerCounty = 10
    static let unitsPerTownship = 12
    static let categories = [
        "measure_not_in_place", "red_code_unmanaged", "yellow_code_untested", "infection_control_gap",
        "checkpoint_lapse", "screening_gap", "supplies_shortfall", "formalism",
    ]
    static let unitKinds = [
        "community", "mall", "enterprise", "checkpoint", "medical_institution", "residential_compound",
    ]
    static let methods = ["special", "unannounced", "four_no_two_straight", "carpet", "experiential"]

    public init(findings: Int, seed: UInt64 = 1) {
        self.findings = findings
        self.seed = seed
    }

    /// Generates the dataset into `store` in one transaction and returns how many
    /// records it wrote.
    @discardableResult
    public func load(into store: Store) throws -> Int {
        var written = 0
        try store.write { inserter in
            var generator = Generator(sample: self)
            try generator.generate { record in
                try inserter.insert(record)
                written += 1
            }
        }
        return written
    }

    /// Makes the records in dependency order and hands each to `emit`.
    private struct Generator {
        let sample: ScaleSample
        var random: SampleRandom

        init(sample: ScaleSample) {
            self.sample = sample
            random = SampleRandom(seed: sample.seed)
        }

        mutating func generate(_ emit: (Record) throws -> Void) throws {
            let cities = max(1, (sample.findings + ScaleSample.findingsPerCity - 1) / ScaleSample.findingsPerCity)
            var placesByCity: [[(unit: String, region: String, body: String)]] = []
            for city in 0..<cities { placesByCity.append(try emitCity(city, emit)) }
            let inspections = max(1, sample.findings / 5)
            var inspectionPlaces: [(id: String, place: (unit: String, region: String, body: String), day: Int)] = []
            inspectionPlaces.reserveCapacity(inspections)
            for index in 0..<inspections {
                let places = placesByCity[index % cities]
                let place = places[random.below(places.count)]
                let second = places[random.below(places.count)]
                let day = random.below(184)
                let id = Self.id("inspection", index)
                try emit(
                    Record(
                        "inspections",
                        [
                            "id": .text(id), "body": .text(place.body),
                            "method": .text(random.pick(ScaleSample.methods)),
                            "started_at": .text(Self.dateTime(day)), "region": .text(place.region),
                            "units": .list(place.unit == second.unit ? [place.unit] : [place.unit, second.unit]),
                            "focus": .list(["key_places"]),
                        ]))
                inspectionPlaces.append((id, place, day))
            }
            for index in 0..<sample.findings {
                let inspection = inspectionPlaces[index % inspections]
                let foundOn = inspection.day + random.below(3)
                let id = Self.id("finding", index)
                try emit(
                    Record(
                        "findings",
                        [
                            "id": .text(id), "inspection": .text(inspection.id), "unit": .text(inspection.place.unit),
                            "body": .text(inspection.place.body),
                            "category": .text(random.pick(ScaleSample.categories)),
                            "responsibility": "unit", "risk": .boolean(random.chance(1, in: 4)),
                            "found_on": .text(Self.date(foundOn)),
                        ]))
                guard random.chance(9, in: 10) else { continue }
                try emitRectification(finding: index, foundOn: foundOn, emit)
            }
        }

        /// A city: its region, counties, townships, bodies and places. Returns the places
        /// inspections visit, with their region and the county body that inspects them.
        mutating func emitCity(_ city: Int, _ emit: (Record) throws -> Void) throws -> [(
            unit: String, region: String, body: String
        )] {
            let cityRegion = "region:c\(city)"
            let cityBody = "body:c\(city)"
            try emit(Record("regions", ["id": .text(cityRegion), "name": .text("合成市\(city + 1)"), "level": "city"]))
            try emit(
                Record(
                    "bodies",
                    [
                        "id": .text(cityBody), "name": .text("合成市\(city + 1)纪委监委"), "kind": "commission",
                        "level": "city", "region": .text(cityRegion),
                    ]))
            var places: [(unit: String, region: String, body: String)] = []
            for county in 0..<ScaleSample.countiesPerCity {
                let countyRegion = "region:c\(city)-\(county)"
                let countyBody = "body:c\(city)-\(county)"
                try emit(
                    Record(
                        "regions",
                        [
                            "id": .text(countyRegion), "name": .text("合成市\(city + 1)第\(county + 1)县"),
                            "level": "county",
                            "parent": .text(cityRegion), "county": .text(countyRegion),
                        ]))
                try emit(
                    Record(
                        "bodies",
                        [
                            "id": .text(countyBody), "name": .text("合成市\(city + 1)第\(county + 1)县纪委监委"),
                            "kind": "commission", "level": "county", "region": .text(countyRegion),
                            "parent": .text(cityBody),
                        ]))
                try emit(
                    Record(
                        "people",
                        [
                            "id": .text("person:c\(city)-\(county)"), "name": .text(random.personName()),
                            "body": .text(countyBody), "role": "cadre",
                        ]))
                for township in 0..<ScaleSample.townshipsPerCounty {
                    let townshipRegion = "region:c\(city)-\(county)-\(township)"
                    try emit(
                        Record(
                            "regions",
                            [
                                "id": .text(townshipRegion), "name": .text("第\(township + 1)镇"), "level": "township",
                                "parent": .text(countyRegion), "county": .text(countyRegion),
                            ]))
                    for place in 0..<ScaleSample.unitsPerTownship {
                        let unit = "unit:c\(city)-\(county)-\(township)-\(place)"
                        try emit(
                            Record(
                                "units",
                                [
                                    "id": .text(unit), "name": .text("第\(township + 1)镇第\(place + 1)场所"),
                                    "kind": .text(random.pick(ScaleSample.unitKinds)), "region": .text(townshipRegion),
                                    "key_place": .boolean(random.chance(1, in: 3)),
                                ]))
                        places.append((unit, townshipRegion, countyBody))
                    }
                }
            }
            return places
        }

        mutating func emitRectification(finding index: Int, foundOn: Int, _ emit: (Record) throws -> Void) throws {
            let immediate = random.chance(1, in: 3)
            let dueIn = immediate ? 0 : 3 + random.below(12)
            let completedIn: Int? = random.chance(4, in: 5) ? random.below(dueIn + 3) : nil
            let rectification = Self.id("rectification", index)
            try emit(
                Record(
                    "rectifications",
                    [
                        "id": .text(rectification), "finding": .text(Self.id("finding", index)),
                        "mode": .text(immediate ? "immediate" : "deadline"), "ordered_on": .text(Self.date(foundOn)),
                        "due_on": .text(Self.date(foundOn + dueIn)),
                        "completed_on": completedIn.map { .text(Self.date(foundOn + $0)) } ?? .null,
                        "status": .text(completedIn == nil ? "open" : (random.chance(1, in: 2) ? "verified" : "done")),
                    ]))
            guard index % 2 == 0 else { return }
            let scheduled = foundOn + dueIn + 1
            try emit(
                Record(
                    "follow_ups",
                    [
                        "id": .text(Self.id("follow_up", index)), "rectification": .text(rectification),
                        "scheduled_on": .text(Self.date(scheduled)), "performed_on": .text(Self.date(scheduled)),
                        "result": .text(completedIn == nil ? "failed" : "passed"),
                    ]))
        }

        /// `prefix:s0000042`: zero-padded so ids sort in the order they are made, which
        /// keeps each insert at the end of the primary-key index.
        static func id(_ prefix: String, _ index: Int) -> String {
            let digits = String(index)
            return "\(prefix):s" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
        }

        /// Day `offset` counted from 2021-07-01.
        static func date(_ offset: Int) -> String { dates[min(offset, dates.count - 1)] }

        static func dateTime(_ offset: Int) -> String { date(offset) + "T09:00" }

        static let dates: [String] = {
            let start = CalendarDate(year: 2021, month: 7, day: 1)!
            return (0..<400).map { start.adding(days: $0).description }
        }()
    }
}
