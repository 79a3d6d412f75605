/// The version facts scripts see as `ducha.version` and `ducha.api`.
public enum DuchaAPI {
    /// The program's version.
    public static let version = "0.1.0"
    /// The version of the Lua API scripts and plugins are written against (`ducha.api`).
    public static let apiVersion = "1.0"
}
