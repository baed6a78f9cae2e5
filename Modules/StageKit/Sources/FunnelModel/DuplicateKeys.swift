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
        var digits: [UInt8] = []
        for byte in text.utf8 where byte >= 48 && byte <= 57 { digits.append(byte) }
        if digits.count >= 2, digits[0] == 48, digits[1] == 48 { digits.removeFirst(2) }
        return digits.count >= 5 ? String(decoding: digits, as: UTF8.self) : nil
    }

    /// Legal suffixes as bytes, longest first; Latin ones must follow a space, Chinese ones may be glued on.
    static let legalSuffixes: [(bytes: [UInt8], wholeWord: Bool)] = [
        "co ltd", "company limited", "limited", "ltd", "incorporated", "inc", "corporation", "corp", "company", "co",
        "llc", "plc", "gmbh", "ag", "sa", "srl", "bv", "oy", "ab", "pte", "pty", "kk",
        "股份有限公司", "有限责任公司", "有限公司", "集团公司", "集团", "公司",
    ].map { (Array($0.utf8), $0.unicodeScalars.first?.isASCII == true) }.sorted { $0.bytes.count > $1.bytes.count }

    /// Case, spaces and punctuation removed, then legal suffixes; `nil` when nothing is left.
    public static func company(_ text: String?) -> String? {
        // In NFC first: an accent written as a combining mark would otherwise count as punctuation.
        guard let text = text.map(UnicodeText.nfc) else { return nil }
        // Lower-cased letters and digits, words separated by one space.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        func separate() { if let last = bytes.last, last != 32 { bytes.append(32) } }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                switch value {
                case 65...90: bytes.append(UInt8(value + 32))
                case 97...122, 48...57: bytes.append(UInt8(value))
                default: separate()
                }
            } else if (0x4E00...0x9FFF).contains(value) {
                // CJK ideographs: letters with no case, the bulk of Chinese company names.
                bytes.append(UInt8(0xE0 | value >> 12))
                bytes.append(UInt8(0x80 | (value >> 6) & 0x3F))
                bytes.append(UInt8(0x80 | value & 0x3F))
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                bytes += Array(scalar.properties.lowercaseMapping.utf8)
            } else {
                separate()
            }
        }
        while bytes.last == 32 { bytes.removeLast() }
        var stripped = true
        while stripped {
            stripped = false
            for suffix in legalSuffixes where bytes.count > suffix.bytes.count && bytes.ends(with: suffix.bytes) {
                let head = bytes.count - suffix.bytes.count
                if suffix.wholeWord && bytes[head - 1] != 32 { continue }
                bytes.removeLast(suffix.bytes.count)
                while bytes.last == 32 { bytes.removeLast() }
                stripped = true
                break
            }
        }
        bytes.removeAll { $0 == 32 }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool {
        guard count >= suffix.count else { return false }
        let start = count - suffix.count
        for index in suffix.indices where self[start + index] != suffix[index] { return false }
        return true
    }
}
