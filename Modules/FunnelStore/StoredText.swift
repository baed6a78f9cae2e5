#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GRDBSQLite
import FunnelModel
import StageKit

/// Funnel's text rules (`UnicodeText`) at the database: every text bound to a statement, to be stored
/// or compared, goes in as NFC and never holds a NUL; SQL finds `=~` with `funnel_contains`, the same
/// code the shell runs in memory.
enum StoredText {
    /// The text as bound: in NFC; refused when it holds a NUL character (SQLite's own functions and
    /// other tools reading the file would see it cut off there).
    static func bound(_ text: String) throws -> String {
        var text = text
        let (lowest, isNFC) = text.withUTF8 { bytes -> (UInt8, Bool) in
            var lowest: UInt8 = 0xFF, any: UInt8 = 0
            for byte in bytes {
                lowest = min(lowest, byte)
                any |= byte
            }
            return (lowest, any < 0x80 || UnicodeText.isCertainlyNFC(utf8: bytes))
        }
        if lowest == 0 { throw CommandError(UnicodeText.nulMessage, hint: "remove the NUL before storing the text") }
        return isNFC ? text : UnicodeText.nfc(text)
    }

    static func bound(_ value: SQLValue) throws -> SQLValue {
        guard case .text(let text) = value else { return value }
        return .text(try bound(text))
    }

    /// Registers the SQL functions on a new connection:
    /// - `funnel_contains(text, pattern)`: `text =~ pattern` (NULL when either is NULL);
    /// - `funnel_nfc(x)`: x in NFC when it is text, x unchanged otherwise;
    /// - `funnel_is_nfc(x)`: 0 when x is text not in NFC, else 1.
    static func registerFunctions(_ connection: OpaquePointer) throws {
        let flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC
        for (name, count, function) in [("funnel_contains", Int32(2), containsFunction), ("funnel_nfc", 1, nfcFunction),
                                        ("funnel_is_nfc", 1, isNFCFunction)] {
            let code = sqlite3_create_function_v2(connection, name, count, flags, nil, function, nil, nil, nil)
            guard code == SQLITE_OK else { throw DatabaseFailure("cannot register the SQL function \(name) (code \(code))") }
        }
    }

    /// Normalises the text already stored (by a Funnel from before text was stored in NFC): every text
    /// value of every table, in one pass per table. A row that would then collide with another under a
    /// unique index keeps its old text.
    static func normaliseStoredText(_ connection: SQLiteConnection) throws {
        let tables = try connection.texts("""
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '\(SQLiteStore.migrationsTable)'
            """)
        for table in tables {
            let columns = try connection.rows("PRAGMA table_info(\(quoted(table)))").compactMap { $0.text("name") }
            guard !columns.isEmpty else { continue }
            let assignments = columns.map { "\(quoted($0)) = funnel_nfc(\(quoted($0)))" }.joined(separator: ", ")
            let stale = columns.map { "funnel_is_nfc(\(quoted($0))) = 0" }.joined(separator: " OR ")
            try connection.execute("UPDATE OR IGNORE \(quoted(table)) SET \(assignments) WHERE \(stale)")
        }
    }

    private static func quoted(_ name: String) -> String { "\"" + name.replacing("\"", with: "\"\"") + "\"" }
}

/// SQLite's SQLITE_TRANSIENT: copy the result before the call returns.
private let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

/// The UTF-8 of a text argument, without a copy (valid until the function returns).
private func utf8(_ value: OpaquePointer?) -> UnsafeBufferPointer<UInt8> {
    let start = sqlite3_value_text(value)
    return UnsafeBufferPointer(start: start, count: start == nil ? 0 : Int(sqlite3_value_bytes(value)))
}

/// The pattern of `=~` folded once per statement: SQLite keeps it as the constant argument's auxiliary data.
private let containsFunction: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = { context, _, arguments in
    guard let arguments, sqlite3_value_type(arguments[0]) != SQLITE_NULL, sqlite3_value_type(arguments[1]) != SQLITE_NULL else {
        sqlite3_result_null(context)
        return
    }
    let pattern: UnicodeText.CaseInsensitivePattern
    if let cached = sqlite3_get_auxdata(context, 1) {
        pattern = Unmanaged<UnicodeText.CaseInsensitivePattern>.fromOpaque(cached).takeUnretainedValue()
    } else {
        pattern = UnicodeText.CaseInsensitivePattern(String(decoding: utf8(arguments[1]), as: UTF8.self))
        sqlite3_set_auxdata(context, 1, Unmanaged.passRetained(pattern).toOpaque()) { pointer in
            if let pointer { Unmanaged<UnicodeText.CaseInsensitivePattern>.fromOpaque(pointer).release() }
        }
    }
    sqlite3_result_int(context, pattern.isFound(inUTF8: utf8(arguments[0])) ? 1 : 0)
}

private let nfcFunction: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = { context, _, arguments in
    guard let arguments else { return }
    guard sqlite3_value_type(arguments[0]) == SQLITE_TEXT else {
        sqlite3_result_value(context, arguments[0])
        return
    }
    let text = String(decoding: utf8(arguments[0]), as: UTF8.self)
    var normalised = UnicodeText.nfc(text)
    normalised.withUTF8 { bytes in
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return sqlite3_result_text(context, "", 0, nil) }
        sqlite3_result_text64(context, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), UInt64(bytes.count), transient,
                              UInt8(SQLITE_UTF8))
    }
}

private let isNFCFunction: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = { context, _, arguments in
    guard let arguments else { return }
    guard sqlite3_value_type(arguments[0]) == SQLITE_TEXT else {
        sqlite3_result_int(context, 1)
        return
    }
    let bytes = utf8(arguments[0])
    if bytes.allSatisfy({ $0 < 0x80 }) {
        sqlite3_result_int(context, 1)
        return
    }
    let text = String(decoding: bytes, as: UTF8.self)
    sqlite3_result_int(context, UnicodeText.isCertainlyNFC(text) || UnicodeText.nfc(text).utf8.elementsEqual(bytes) ? 1 : 0)
}
