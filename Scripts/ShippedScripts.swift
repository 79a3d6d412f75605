/// The report scripts shipped with Ducha, embedded in the program so `ducha report NAME`
/// finds them wherever it is installed.
public enum ShippedScripts {
    /// The scripts by report name (the file name without `.lua`).
    public static let all: [String: [UInt8]] = [
        "accountability": PackageResources.accountability_lua,
        "chronicle": PackageResources.chronicle_lua,
        "county-statistics": PackageResources.county_statistics_lua,
        "daily-bulletin": PackageResources.daily_bulletin_lua,
        "deployments": PackageResources.deployments_lua,
        "follow-up-schedule": PackageResources.follow_up_schedule_lua,
        "overdue-rectifications": PackageResources.overdue_rectifications_lua,
        "overview": PackageResources.overview_lua,
        "sector-report": PackageResources.sector_report_lua,
        "unannounced-visits": PackageResources.unannounced_visits_lua,
    ]
}
