import FunnelModel
import StageKit

/// Headers and column mappings of files other tools export, read the same way by every import command.
public enum ImportColumns {
    /// A mapping that is not `Column=field` pairs, with where it is wrong.
    public struct MappingError: Error {
        public let message: String
    }

    /// Lower-case letters and digits only: `Lead Source` → `leadsource`.
    public static func key(_ column: String) -> String {
        String(column.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }.map(Character.init))
    }

    /// `A=b,C=d` pairs, also one a line (a mapping file, named by `file`: its errors then say
    /// `FILE:LINE:`), `#` starting a comment.
    public static func pairs(_ text: String, file: String? = nil) throws(MappingError) -> [String: String] {
        var pairs: [String: String] = [:]
        for (number, textLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = textLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            for piece in content.split(separator: ",") {
                let pair = String(piece).trimmingSpaces
                if pair.isEmpty { continue }
                let equals = pair.lastIndex(of: "=")
                let column = equals.map { String(pair[..<$0]).trimmingSpaces } ?? ""
                let field = equals.map { String(pair[pair.index(after: $0)...]).trimmingSpaces.lowercased() } ?? ""
                guard !column.isEmpty, !field.isEmpty else {
                    throw MappingError(message: (file.map { "\($0):\(number + 1): " } ?? "") + "\"\(pair)\" is not Column=field")
                }
                pairs[column] = field
            }
        }
        return pairs
    }
}
