import DuchaModel
import Foundation

extension FieldValue {
    /// The value as `JSONSerialization` takes it: exports and the audit trail write it.
    var jsonObject: Any {
        switch self {
        case .null: NSNull()
        case .text(let text): text
        case .integer(let integer): integer
        case .boolean(let flag): flag
        case .list(let items): items
        }
    }
}
