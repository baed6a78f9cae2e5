import CLibPQ
import FunnelModel
import StageKit

/// One libpq result, freed when this is: checked for errors, read as StageKit rows.
final class PostgresResult {
    let handle: OpaquePointer
    let pq: LibPQ

    /// Takes ownership of `handle` when the statement succeeded; otherwise frees it and throws the
    /// server's message (or the connection's, when there is no result at all).
    init(_ handle: OpaquePointer?, on connection: OpaquePointer?, pq: LibPQ) throws {
        guard let handle else { throw DatabaseFailure("database error: " + PostgresResult.connectionMessage(connection, pq: pq)) }
        let status = pq.resultStatus(handle)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY else {
            let failure = PostgresResult.failure(handle, connection: connection, pq: pq)
            pq.clear(handle)
            throw failure
        }
        self.handle = handle
        self.pq = pq
    }

    deinit { pq.clear(handle) }

    /// The command's tag, e.g. `INSERT 0 1`, `UPDATE 3`, `SELECT 2`.
    var commandStatus: String { pq.cmdStatus(handle).map { String(cString: $0) } ?? "" }

    /// Rows changed when the command was an INSERT, UPDATE, DELETE or MERGE; nil for any other.
    var changedRowCount: Int? {
        let verb = commandStatus.prefix { $0 != " " }
        guard ["INSERT", "UPDATE", "DELETE", "MERGE"].contains(verb) else { return nil }
        return pq.cmdTuples(handle).flatMap { Int(String(cString: $0)) } ?? 0
    }

    var rows: [SQLRow] {
        let columnCount = pq.nfields(handle), rowCount = pq.ntuples(handle)
        let columns = SQLColumns((0..<columnCount).map { pq.fname(handle, $0).map { String(cString: $0) } ?? "" })
        let types = (0..<columnCount).map { pq.ftype(handle, $0) }
        var rows: [SQLRow] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [SQLValue] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if pq.getisnull(handle, row, column) != 0 {
                    values.append(.null)
                    continue
                }
                let bytes = UnsafeBufferPointer(start: pq.getvalue(handle, row, column), count: Int(pq.getlength(handle, row, column)))
                values.append(PostgresResult.value(bytes.withMemoryRebound(to: UInt8.self) { String(decoding: $0, as: UTF8.self) },
                                                   type: types[Int(column)]))
            }
            rows.append(SQLRow(columns: columns, values: values))
        }
        return rows
    }

    /// A value in text format as SQLite would have given it: integers (and booleans, as 1 and 0) as
    /// integers, floats as reals, `numeric` (what sum of bigint gives) as an integer when it is whole
    /// and fits, bytea as its bytes read as UTF-8, anything else as text.
    static func value(_ text: String, type: Oid) -> SQLValue {
        switch type {
        case TypeOID.int2, TypeOID.int4, TypeOID.int8, TypeOID.oid:
            return Int64(text).map(SQLValue.integer) ?? .text(text)
        case TypeOID.bool:
            return .integer(text == "t" ? 1 : 0)
        case TypeOID.float4, TypeOID.float8:
            return Double(text).map(SQLValue.real) ?? .text(text)
        case TypeOID.numeric:
            if let integer = Int64(text) { return .integer(integer) }
            return Double(text).map(SQLValue.real) ?? .text(text)
        case TypeOID.bytea:
            return .text(String(decoding: hexBytes(text), as: UTF8.self))
        default:
            return .text(text)
        }
    }

    /// bytea's hex output (`\x4142`) as bytes.
    private static func hexBytes(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var high: UInt8?
        for byte in text.utf8.dropFirst(2) {
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = byte - UInt8(ascii: "A") + 10
            default: continue
            }
            if let first = high { bytes.append(first << 4 | nibble); high = nil } else { high = nibble }
        }
        return bytes
    }

    /// The server's words for a failed statement: its primary message, then its detail and hint.
    static func failure(_ handle: OpaquePointer, connection: OpaquePointer?, pq: LibPQ) -> DatabaseFailure {
        func field(_ code: Character) -> String? {
            guard let ascii = code.asciiValue, let text = pq.resultErrorField(handle, Int32(ascii)) else { return nil }
            let value = String(cString: text)
            return value.isEmpty ? nil : value
        }
        guard let primary = field("M") else { return DatabaseFailure("database error: " + connectionMessage(connection, pq: pq)) }
        var message = "database error: " + primary
        if let detail = field("D") { message += " (\(detail))" }
        if let hint = field("H") { message += "; " + hint }
        return DatabaseFailure(message)
    }

    static func connectionMessage(_ connection: OpaquePointer?, pq: LibPQ) -> String {
        let text = connection.flatMap { pq.errorMessage($0) }.map { String(cString: $0) } ?? ""
        let trimmed = text.trimmingTrailingNewlines
        return trimmed.isEmpty ? "the server did not answer" : trimmed
    }
}

/// The built-in type OIDs the rows are read by (PostgreSQL's pg_type.dat; stable across versions).
enum TypeOID {
    static let bool: Oid = 16, bytea: Oid = 17, int8: Oid = 20, int2: Oid = 21, int4: Oid = 23, oid: Oid = 26
    static let float4: Oid = 700, float8: Oid = 701, numeric: Oid = 1700
}

extension String {
    var trimmingTrailingNewlines: String {
        var text = Substring(self)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
