import Foundation
import FunnelModel
import StageKit
import StageSupport
import Testing

/// CSV and JSON that are not UTF-8 text, or that hold a NUL, are refused with the line (and field or
/// column), never cut off or read with U+FFFD in place of the bad bytes.
@Suite struct TextInputTests {
    func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString).csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func failure(reading bytes: [UInt8]) throws -> CSVStream.Failure? {
        let stream = try CSVStream(path: try temporaryFile(bytes))
        do throws(CSVStream.Failure) {
            while try stream.next() != nil {}
            return nil
        } catch {
            return error
        }
    }

    @Test func csvThatIsNotUTF8TextStopsAtTheLineAndField() throws {
        let latin1 = Array("name,city\nA,Paris\nB,".utf8) + [0x4D, 0xFC, 0x6E] + Array("chen\n".utf8)
        #expect(try failure(reading: latin1)?.description == "line 3: field 2: invalid UTF-8 (byte 0xFC); Funnel reads UTF-8 text only")
        // In a quoted field across lines, the line of the bad byte.
        let quoted = Array("name,note\nA,\"one\ntwo ".utf8) + [0xE9] + Array("\"\n".utf8)
        #expect(try failure(reading: quoted)?.line == 3)
        let nul = Array("name\nA".utf8) + [0] + Array("B\n".utf8)
        #expect(try failure(reading: nul)?.description == "line 2: field 1: a NUL character (U+0000) is not allowed in text (is the file UTF-16? save it as UTF-8)")
        let quotedNUL = Array("name,note\nA,\"x".utf8) + [0] + Array("\"\n".utf8)
        #expect(try failure(reading: quotedNUL)?.line == 2)
        let utf16: [UInt8] = [0xFF, 0xFE] + Array("name\n".utf8).flatMap { [$0, 0] }
        #expect(try failure(reading: utf16)?.message.contains("UTF-16") == true)
        #expect(try failure(reading: Array("name,city\nA,München\n".utf8)) == nil)
    }

    @Test func jsonTextNeverHoldsANUL() {
        let escaped = #expect(throws: JSONReader.Failure.self) { try JSONReader.parse(#"{"name": "A\u0000B"}"#) }
        #expect(escaped?.description == "line 1, column 12: a NUL character (U+0000) is not allowed in text")
        let raw = #expect(throws: JSONReader.Failure.self) { try JSONReader.parse("[\"A\0B\"]") }
        #expect(raw?.column == 4)
    }
}
