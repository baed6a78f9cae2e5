/// The normalised forms duplicate detection compares: two leads are possible duplicates when they
/// share an e-mail address, a phone number, or a company name once case, spaces, punctuation and
/// legal suffixes are set aside ("ACME Co., Ltd." and "acme" match; "杭州钢铁有限公司" and "杭州钢铁" too).
public enum DuplicateKeys {
    /// Lower-cased, trimmed; `nil` when empty.
    public static func email(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingSpaces.lowercased(), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    /// The digits only, without a leading international `00`; `nil` when fewer than 5 digits.
    public static func phone(_ text: String?) -> String? {
        guard let text else { return nil }
        var digits = String(text.unicodeScalars.filter { $0.properties.numericType == .decimal && $0.isASCII }.map(Character.init))
        if digits.hasPrefix("00") { digits.removeFirst(2) }
        return digits.count >= 5 ? digits : nil
    }

    static let legalSuffixes = [
        "co ltd", "company limited", "limited", "ltd", "incorporated", "inc", "corporation", "corp", "company", "co",
        "llc", "plc", "gmbh", "ag", "sa", "srl", "bv", "oy", "ab", "pte", "pty", "kk",
        "股份有限公司", "有限责任公司", "有限公司", "集团公司", "集团", "公司",
    ]

    /// Case, spaces and punctuation removed, then legal suffixes; `nil` when nothing is left.
    public static func company(_ text: String?) -> String? {
        guard let text else { return nil }
        // Words, lower-cased, with punctuation as separators.
        var words: [String] = []
        var current = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        var joined = words.joined(separator: " ")
        var changed = true
        while changed {
            changed = false
            for suffix in legalSuffixes where joined.hasSuffix(suffix) && joined.count > suffix.count {
                let head = joined.dropLast(suffix.count)
                // A Latin suffix must be a whole word; a Chinese one may be glued on.
                guard suffix.unicodeScalars.first.map({ !$0.isASCII }) == true || head.hasSuffix(" ") else { continue }
                joined = String(head).trimmingSpaces
                changed = true
            }
        }
        let key = joined.replacingSpaces
        return key.isEmpty ? nil : key
    }
}

extension String {
    var replacingSpaces: String { String(filter { $0 != " " }) }
}
