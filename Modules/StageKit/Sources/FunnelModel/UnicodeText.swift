#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Funnel's rules for text, the same in memory and in the database:
///
/// - Stored text is in Unicode normal form C (NFC), so text written two ways ("é" as one character
///   or as "e" and a combining accent) is stored, compared (`==`, `<`) and sorted the same way, by
///   SQL and in memory alike.
/// - `=~` finds text ignoring case: both sides are put in NFC and lower-cased (full Unicode
///   lower-casing), and the text must contain the pattern as whole characters. Accents are never
///   folded: "Café" =~ "CAFÉ" holds, "Café" =~ "cafe" does not.
/// - Text never holds a NUL character (U+0000), and text read from files and the command line must be
///   valid UTF-8: both are refused, with the line and column, instead of being cut off or replaced.
public enum UnicodeText {
    // MARK: Normal form C

    /// The text in NFC. Text that is NFC already (all ASCII, most Latin, Chinese, Japanese and Korean)
    /// is returned as is without calling the normaliser.
    public static func nfc(_ text: String) -> String {
        isCertainlyNFC(text) ? text : String(decoding: text._nfcCodeUnits, as: UTF8.self)
    }

    /// True when every character of `text` is one that NFC leaves alone whatever surrounds it; false
    /// means "perhaps not NFC" (a combining mark, a compatibility ideograph, ...).
    public static func isCertainlyNFC(_ text: String) -> Bool {
        var text = text
        return text.withUTF8(isCertainlyNFC(utf8:))
    }

    /// `isCertainlyNFC` on valid UTF-8, one pass over the bytes.
    public static func isCertainlyNFC(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            // ASCII, continuation bytes, and the two-byte scalars below U+0300.
            if lead < 0xCC { index += 1; continue }
            guard lead >= 0xE0, lead < 0xF0, index + 2 < count else { return false }
            let value = UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
            guard isStable(value) else { return false }
            index += 3
        }
        return true
    }

    /// Scalars that NFC neither changes nor combines with what precedes them (quick check "yes",
    /// canonical combining class 0, and never the second of a composition).
    static func isStable(_ value: UInt32) -> Bool {
        switch value {
        case 0..<0x300,            // Latin, Greek and Cyrillic letters come after U+0370
             0x2002...0x2064,      // general punctuation (— … “ ”), after the two spaces NFC maps to others
             0x3000...0x3029,      // CJK symbols and punctuation, before the combining tone marks
             0x3041...0x3096, 0x309B...0x30FF,  // kana, without the combining sound marks U+3099-309A
             0x3400...0x4DBF, 0x4E00...0x9FFF,  // CJK ideographs (not the compatibility ones)
             0xAC00...0xD7A3,      // Hangul syllables
             0xFF01...0xFFEE:      // full-width and half-width forms
            return true
        default:
            return false
        }
    }

    // MARK: =~

    /// `text =~ pattern`: whether `text` contains `pattern`, ignoring case but not accents.
    public static func containsIgnoringCase(_ text: String, _ pattern: String) -> Bool {
        CaseInsensitivePattern(pattern).isFound(in: text)
    }

    /// The form `=~` compares: NFC, lower-cased.
    public static func folded(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiLowercased(text) }
        return nfc(nfc(text).lowercased())
    }

    private static func asciiLowercased(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 65 && $0 <= 90 }) else { return text }
        return String(decoding: text.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }

    /// A pattern of `=~`, folded once and searched for in many texts (a row at a time, in SQL or in
    /// memory: both call this).
    public final class CaseInsensitivePattern: Sendable {
        /// The folded pattern's UTF-8.
        let bytes: [UInt8]
        let isASCII: Bool

        public init(_ pattern: String) {
            bytes = Array(UnicodeText.folded(pattern).utf8)
            isASCII = bytes.allSatisfy { $0 < 0x80 }
        }

        public func isFound(in text: String) -> Bool {
            var text = text
            return text.withUTF8 { isFound(inUTF8: $0) }
        }

        /// `utf8` must be valid UTF-8 (as SQLite's and Swift's text is).
        public func isFound(inUTF8 utf8: UnsafeBufferPointer<UInt8>) -> Bool {
            if bytes.isEmpty { return true }
            if utf8.allSatisfy({ $0 < 0x80 }) {
                // ASCII text contains only ASCII characters, so a pattern that is not ASCII is absent.
                guard isASCII else { return false }
                return Self.asciiSearch(utf8, bytes)
            }
            let folded = UnicodeText.folded(String(decoding: utf8, as: UTF8.self))
            return Self.search(folded, bytes)
        }

        /// Case-insensitive search of an ASCII pattern (already lower case) in ASCII text. The only
        /// ASCII character of two scalars is CR LF, which a match may not cut in half.
        private static func asciiSearch(_ text: UnsafeBufferPointer<UInt8>, _ pattern: [UInt8]) -> Bool {
            let count = text.count, length = pattern.count
            guard length <= count else { return false }
            return pattern.withUnsafeBufferPointer { pattern in
                let first = pattern[0]
                var start = 0
                while start + length <= count {
                    var byte = text[start]
                    if byte >= 65 && byte <= 90 { byte += 32 }
                    if byte == first {
                        var offset = 1
                        while offset < length {
                            var b = text[start + offset]
                            if b >= 65 && b <= 90 { b += 32 }
                            if b != pattern[offset] { break }
                            offset += 1
                        }
                        if offset == length, !splitsCRLF(text, at: start), !splitsCRLF(text, at: start + length) { return true }
                    }
                    start += 1
                }
                return false
            }
        }

        private static func splitsCRLF(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
            index > 0 && index < text.count && text[index - 1] == 13 && text[index] == 10
        }

        /// A byte match in the folded text that starts and ends between characters.
        private static func search(_ folded: String, _ pattern: [UInt8]) -> Bool {
            var folded = folded
            return folded.withUTF8 { text in
                let count = text.count, length = pattern.count
                guard length <= count else { return false }
                var boundaries: Set<Int>?
                var start = 0
                while start + length <= count {
                    if text[start] == pattern[0], zip(text[start..<start + length], pattern).allSatisfy({ $0 == $1 }) {
                        if boundaries == nil {
                            let string = String(decoding: text, as: UTF8.self)
                            boundaries = Set(string.indices.map { string.utf8.distance(from: string.utf8.startIndex, to: $0) } + [count])
                        }
                        if boundaries?.contains(start) == true, boundaries?.contains(start + length) == true { return true }
                    }
                    start += 1
                }
                return false
            }
        }
    }

    // MARK: Reading text

    /// Why bytes are not text Funnel accepts: invalid UTF-8, or a NUL character.
    public struct Refusal: Error, CustomStringConvertible, Sendable {
        public let line: Int
        /// 1-based, in characters.
        public let column: Int
        public let message: String

        public var description: String { "line \(line), column \(column): \(message)" }
    }

    /// The bytes as text, or where they are not valid UTF-8 (and, unless `allowingNUL`, where a NUL
    /// byte is). A leading byte-order mark is kept; callers that skip it do so first.
    public static func decode(_ bytes: some Collection<UInt8>, allowingNUL: Bool = false) throws(Refusal) -> String {
        // Contiguous bytes (Data, arrays) are checked through one buffer: called from another module,
        // this generic function would otherwise go byte by byte through witness tables (a plugin's
        // million answers measured 80% slower that way).
        let fast: String?? = bytes.withContiguousStorageIfAvailable { buffer -> String? in
            guard let base = buffer.baseAddress else { return "" }
            if !allowingNUL, memchr(base, 0, buffer.count) != nil { return nil }
            return String(validating: buffer, as: UTF8.self)
        }
        if let fast, let text = fast { return text }
        if fast == nil, let text = String(validating: bytes, as: UTF8.self), allowingNUL || !bytes.contains(0) { return text }
        let array = Array(bytes)
        let offset = allowingNUL ? (firstInvalidUTF8(in: array) ?? array.count) : min(firstInvalidUTF8(in: array) ?? array.count,
                                                                                     array.firstIndex(of: 0) ?? array.count)
        var line = 1, column = 1
        for byte in array[..<offset] {
            if byte == 10 { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        if array[offset] == 0 { throw Refusal(line: line, column: column, message: nulMessage) }
        throw Refusal(line: line, column: column, message: invalidUTF8Message(byte: array[offset]))
    }

    /// "a NUL character (U+0000) is not allowed in text".
    public static let nulMessage = "a NUL character (U+0000) is not allowed in text"

    public static func invalidUTF8Message(byte: UInt8) -> String {
        "invalid UTF-8 (byte 0x\(String(byte, radix: 16, uppercase: true))); Funnel reads UTF-8 text only"
    }

    /// The offset of the first byte that does not begin a valid UTF-8 sequence, or `nil`.
    public static func firstInvalidUTF8(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidUTF8(in: $0) }
    }

    /// Whether the bytes are valid UTF-8: with `String(decoding:as:)`, text from a buffer without the
    /// generic `String(validating:as:)`, whose every call from another module looks up type metadata
    /// (a tenth of reading a million-row CSV).
    public static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte >= 0x80 { return firstInvalidUTF8(in: bytes) == nil }
        return true
    }

    /// The offset of the first byte that does not begin a valid UTF-8 sequence, or `nil`.
    public static func firstInvalidUTF8(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            let length: Int, low: UInt8, high: UInt8  // the range allowed for the second byte
            switch lead {
            case 0xC2...0xDF: length = 2; low = 0x80; high = 0xBF
            case 0xE0: length = 3; low = 0xA0; high = 0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3; low = 0x80; high = 0xBF
            case 0xED: length = 3; low = 0x80; high = 0x9F  // no surrogates
            case 0xF0: length = 4; low = 0x90; high = 0xBF
            case 0xF1...0xF3: length = 4; low = 0x80; high = 0xBF
            case 0xF4: length = 4; low = 0x80; high = 0x8F  // nothing above U+10FFFF
            default: return index
            }
            guard index + length <= count, (low...high).contains(bytes[index + 1]) else { return index }
            for next in bytes[(index + 2)..<(index + length)] where next & 0xC0 != 0x80 { return index }
            index += length
        }
        return nil
    }
}
