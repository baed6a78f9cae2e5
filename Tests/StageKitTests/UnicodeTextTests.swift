import Foundation
import FunnelModel
import StageKit
import Testing

/// Funnel's text rules (`UnicodeText`): NFC with a fast path, `=~` ignoring case but not accents,
/// and bytes that are not UTF-8 text (or hold a NUL) refused with the line and column.
@Suite struct UnicodeTextTests {
    @Test func theFastPathOnlyPassesTextNFCLeavesAlone() {
        // Every scalar the fast path trusts is NFC alone and stays NFC after any of them.
        let ranges: [ClosedRange<UInt32>] = [0...0x2FF, 0x2002...0x2064, 0x3000...0x3029, 0x3041...0x3096, 0x309B...0x30FF, 0x3400...0x4DBF,
                                             0x4E00...0x9FFF, 0xAC00...0xD7A3, 0xFF01...0xFFEE]
        for range in ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let text = "a" + String(Character(scalar)) + "b"
                #expect(UnicodeText.isCertainlyNFC(text))
                if text.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(text.unicodeScalars) == false {
                    Issue.record("U+\(String(value, radix: 16)) is trusted but changes under NFC")
                    return
                }
            }
        }
    }

    @Test func textWrittenTwoWaysBecomesOne() {
        let decomposed = "Cafe\u{301}", composed = "Caf\u{E9}"
        #expect(!UnicodeText.isCertainlyNFC(decomposed))
        #expect(UnicodeText.nfc(decomposed).unicodeScalars.elementsEqual(composed.unicodeScalars))
        #expect(UnicodeText.nfc("杭州 Müller 한국 カタカナ") == "杭州 Müller 한국 カタカナ")
        // A compatibility ideograph and the Kelvin sign are not NFC: the fast path must not trust them.
        #expect(UnicodeText.nfc("\u{F900}").unicodeScalars.first?.value == 0x8C48)
        #expect(UnicodeText.nfc("\u{212A}") == "K")
        // Nor the two spaces NFC maps to others, before the punctuation it trusts (screening's "—").
        #expect(!UnicodeText.isCertainlyNFC("\u{2000}") && !UnicodeText.isCertainlyNFC("\u{2001}"))
        #expect(UnicodeText.isCertainlyNFC("budget 30 · need 0 — budget unknown…"))
    }

    @Test(arguments: [
        ("Caf\u{E9}", "CAF\u{C9}", true), ("Cafe\u{301}", "caf\u{E9}", true), ("Caf\u{E9}", "CAFE\u{301}", true),
        ("Caf\u{E9}", "cafe", false), ("Cafe\u{301}", "cafe", false), ("x\u{302}yz", "x", false), ("x\u{302}yz", "X\u{302}", true),
        ("\u{C9}COLE", "\u{E9}cole", true), ("\u{C9}COLE", "cole", true), ("Stra\u{DF}e", "STRASSE", false),
        ("\u{130}stanbul", "istanbul", false), ("Acme Ltd", "acme", true), ("Acme Ltd", "", true), ("", "", true),
        ("", "a", false), ("a\r\nb", "\r", false), ("a\r\nb", "A\r\n", true), ("杭州钢铁", "钢铁", true),
        ("👨‍👩‍👧", "👨", false), ("ACME", "acmex", false),
    ])
    func containsIgnoresCaseNotAccents(text: String, pattern: String, found: Bool) {
        #expect(UnicodeText.containsIgnoringCase(text, pattern) == found, "\(text.debugDescription) =~ \(pattern.debugDescription)")
    }

    @Test func bytesThatAreNotTextAreLocated() throws {
        #expect(try UnicodeText.decode(Array("a\nbé".utf8)) == "a\nbé")
        let invalid = #expect(throws: UnicodeText.Refusal.self) { try UnicodeText.decode([97, 10, 98, 0xC3, 0xA9, 0xE9, 99]) }
        #expect(invalid?.line == 2)
        #expect(invalid?.column == 3)
        #expect(invalid?.message.contains("invalid UTF-8 (byte 0xE9)") == true)
        let nul = #expect(throws: UnicodeText.Refusal.self) { try UnicodeText.decode([97, 98, 0, 99]) }
        #expect(nul?.description == "line 1, column 3: a NUL character (U+0000) is not allowed in text")
        #expect(try UnicodeText.decode([97, 0], allowingNUL: true) == "a\0")
    }

    @Test func theValidatorAgreesWithTheStandardLibrary() {
        var state: UInt64 = 7
        let interesting: [UInt8] = [0x41, 0x80, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xA0, 0xED, 0x9F, 0xA0, 0xF0, 0x90, 0xF4, 0x8F, 0x90, 0xF5, 0xFF]
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<6 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                bytes.append(interesting[Int((state >> 33) % UInt64(interesting.count))])
            }
            let valid = String(validating: bytes, as: UTF8.self) != nil
            if valid != (UnicodeText.firstInvalidUTF8(in: bytes) == nil)
                || valid != bytes.withUnsafeBufferPointer({ UnicodeText.isValidUTF8($0) }) {
                Issue.record("\(bytes.map { String($0, radix: 16) }) valid: \(valid)")
                return
            }
        }
    }

    /// Trimming reads the first and last characters only when they may be spaces; any Unicode space
    /// at either end is trimmed, as `Character.isWhitespace` says, and text inside is kept.
    @Test(arguments: [
        ("上海 Company 1 Co., Ltd.", "上海 Company 1 Co., Ltd."), ("\u{3000}杭州 客户\u{3000}", "杭州 客户"),
        (" Acme\t", "Acme"), ("\u{A0}Bé\u{2009}", "Bé"), ("\u{2028}", ""), ("", ""), ("x", "x"), ("名\u{200A}", "名"),
    ])
    func spacesAreTrimmedAtTheEndsOnly(text: String, trimmed: String) {
        #expect(text.trimmingSpaces == trimmed)
        let slow = text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()
        #expect(String(slow) == trimmed)
    }
}
