import Foundation
import StageKit
import StageSupport
import Testing

/// CSVStream against CSVWriter: whatever is written reads back field for field, across the
/// stream's 64 KiB read boundaries, with the line each record starts on.
@Suite struct CSVStreamTests {
    /// A deterministic generator, so a failure repeats.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static let pieces = ["a", "Acme", "上海", ",", "\"", "\n", "\r\n", " ", "9,600.00", "", "é", "x\"y", "\r"]

    func randomField(_ generator: inout Generator) -> String {
        (0..<generator.next(6)).map { _ in Self.pieces[generator.next(Self.pieces.count)] }.joined()
    }

    func temporaryFile(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString).csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(arguments: [1, 2, 3])
    func whatTheWriterWritesReadsBack(seed: UInt64) throws {
        var generator = Generator(state: seed)
        var rows: [[String]] = []
        var text = ""
        var lines: [Int] = []
        var line = 1
        while text.utf8.count < 300_000 {
            var row = (0..<(1 + generator.next(5))).map { _ in randomField(&generator) }
            // A record of one empty field is a blank line, which readers skip.
            if row.count == 1, row[0].isEmpty { row[0] = "z" }
            let encoded = row.map(CSVWriter.escape).joined(separator: ",")
            rows.append(row)
            lines.append(line)
            line += encoded.utf8.filter { $0 == 10 }.count + 1
            text += encoded + (generator.next(2) == 0 ? "\n" : "\r\n")
        }
        let stream = try CSVStream(path: try temporaryFile(text))
        var read: [[String]] = []
        var readLines: [Int] = []
        while let record = try stream.next() {
            read.append(record.fields)
            readLines.append(record.line)
        }
        #expect(read.count == rows.count)
        for (index, row) in rows.enumerated() where index < read.count && read[index] != row {
            Issue.record("record \(index + 1): \(read[index]) != \(row)")
            break
        }
        #expect(readLines == lines)
    }

    @Test func plainAndQuotedFieldsMixAtTheEndOfTheFile() throws {
        let stream = CSVStream(text: "a,b,\n\"c\",d,\"\"\ne,")
        var records: [[String]] = []
        while let record = try stream.next() { records.append(record.fields) }
        #expect(records == [["a", "b", ""], ["c", "d", ""], ["e", ""]])
    }
}
