/// The sample datasets `ducha init --sample` can load.
public enum Samples {
    /// The names of the samples.
    public static let names = [YiyangSample.name]

    /// The records of the sample `name`, or nil if there is none by that name.
    public static func records(named name: String) -> [Record]? {
        name == YiyangSample.name ? YiyangSample.records() : nil
    }
}
