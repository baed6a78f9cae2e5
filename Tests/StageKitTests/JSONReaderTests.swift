import Foundation
import StageKit
import StageSupport
import Testing

/// JSON read exactly: integers stay integers, other numbers become decimals, strings keep every
/// character whether or not they have escapes, and ids batch into ranges when they can.
@Suite struct JSONReaderTests {
    @Test(arguments: [("12", Value.int(12)), ("-3", .int(-3)), ("0", .int(0)), ("007", .int(7)),
                      ("9223372036854775807", .int(.max)), ("-9223372036854775808", .int(.min)),
                      ("9223372036854775808", .decimal(Decimal(string: "9223372036854775808")!)),
                      ("1.5", .decimal(Decimal(string: "1.5")!)), ("-2e3", .decimal(Decimal(-2000)))])
    func numbers(text: String, value: Value) throws {
        #expect(try JSONReader.parse(text) == value)
        #expect(try JSONReader.parse("[\(text), 1]") == .list([value, .int(1)]))
    }

    @Test func badNumbersAreLocatedErrors() {
        for text in ["-", "1.2.3", "[1, -]", "--1"] {
            #expect(throws: JSONReader.Failure.self) { try JSONReader.parse(text) }
        }
        #expect((try? JSONReader.parse("{\"a\": 1x}")) == nil)
    }

    @Test func stringsWithAndWithoutEscapes() throws {
        #expect(try JSONReader.parse(#""plain 杭州""#) == .string("plain 杭州"))
        #expect(try JSONReader.parse(#""a\"b\\c\nd\u00e9\ud83d\ude00""#) == .string("a\"b\\c\nd\u{e9}😀"))
        #expect(try JSONReader.parse(#"{"name": "x\ty", "id": "L-1"}"#) == .record(Record([("name", .string("x\ty")), ("id", .string("L-1"))])))
        #expect(throws: JSONReader.Failure.self) { try JSONReader.parse(#""unterminated"#) }
        #expect(throws: JSONReader.Failure.self) { try JSONReader.parse(#""bad \u12""#) }
    }

    @Test func rowsWithTheSameFieldsOrOthersBecomeOneTable() throws {
        let value = try JSONReader.parse(#"[{"a": 1, "b": 2}, {"a": 3, "b": 4}, {"b": 5, "c": 6}]"#)
        guard case .table(let table) = value else { Issue.record("not a table: \(value)"); return }
        #expect(table.columns == ["a", "b", "c"])
        #expect(table.rows.count == 3)
    }

    @Test func idBatchesAreRangesWhenConsecutive() {
        #expect(Relation.Fragment.among("id", [4, 5, 6]) == Relation.Fragment("id BETWEEN ? AND ?", [.integer(4), .integer(6)]))
        #expect(Relation.Fragment.among("id", [7]) == Relation.Fragment("id BETWEEN ? AND ?", [.integer(7), .integer(7)]))
        #expect(Relation.Fragment.among("id", [4, 6, 5]).sql == "id IN (?, ?, ?)")
        #expect(Relation.Fragment.among("id", [4, 6, 8]).sql == "id IN (?, ?, ?)")
        #expect(Relation.Fragment.among("id", [5, 5, 6]).sql == "id IN (?, ?, ?)")
    }
}
