#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import FunnelModel
import StageKit

/// Reads CSV (RFC 4180) record by record from a file or text, without holding the file in memory:
/// quoted fields with commas, doubled quotes and new lines inside, CRLF or LF line ends, a leading
/// UTF-8 byte-order mark. Each record carries the line it starts on, for error messages. The file
/// must be UTF-8 text: invalid UTF-8 and NUL bytes (a UTF-16 file read as UTF-8 is full of them)
/// stop the reading with the line and field, instead of becoming U+FFFD or cutting the text.
public final class CSVStream {
    public struct Record: Sendable {
        /// The 1-based line of the file where the record starts.
        public let line: Int
        public let fields: [String]
    }

    public struct Failure: Error, CustomStringConvertible {
        public let line: Int
        public let message: String
        /// `line 0` is the file as a whole (it could not be opened or read).
        public var description: String { line > 0 ? "line \(line): \(message)" : message }
        /// `leads.csv: line 7: …`, for messages that name the file.
        public func located(in path: String) -> String { "\(path): \(description)" }
    }

    /// The file read, or nil for text given whole.
    private let descriptor: Int32?
    private var buffer: [UInt8] = []
    private var position = 0
    private var finished = false
    private var line = 1
    private var startedBOMCheck = false
    /// Why reading stopped early, reported by `next()` instead of passing for the end of the file.
    private var readFailure: Failure?
    /// Bytes read so far, for progress.
    public private(set) var bytesRead = 0

    public init(path: String) throws {
        if PathName.isFolder(path) {
            throw Failure(line: 0, message: "it is a directory, not a CSV file")
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(line: 0, message: "cannot read the file") }
        self.descriptor = descriptor
    }

    public init(text: String) {
        descriptor = nil
        buffer = Array(text.utf8)
        finished = true
    }

    deinit { if let descriptor { close(descriptor) } }

    /// Refills the buffer; false at the end of input.
    private func fill() -> Bool {
        guard !finished, let descriptor else { return false }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var count: Int
        repeat {
            count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        } while count < 0 && errno == EINTR
        if count < 0 {
            readFailure = Failure(line: line, message: "reading stopped: \(String(cString: strerror(errno)))")
            finished = true
            return false
        }
        chunk.removeSubrange(count...)
        if chunk.isEmpty {
            finished = true
            return false
        }
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        buffer.append(contentsOf: chunk)
        bytesRead += chunk.count
        return true
    }

    @inline(__always)
    private func byte() -> UInt8? {
        if position < buffer.count { return buffer[position] }
        return fill() && position < buffer.count ? buffer[position] : nil
    }

    /// Where the unquoted field starting at `position` ends (the index of its comma, LF or CR), when
    /// that delimiter is already in the buffer; a quote inside the field leaves it to the slow path.
    private func unquotedFieldEnd() -> Int? {
        buffer.withUnsafeBufferPointer { bytes in
            var index = position
            while index < bytes.count {
                switch bytes[index] {
                case 44, 10, 13: return index
                case 34, 0: return nil
                default: index += 1
                }
            }
            return nil
        }
    }

    /// The next record, or `nil` at the end. Blank lines are skipped.
    public func next() throws(Failure) -> Record? {
        if !startedBOMCheck {
            startedBOMCheck = true
            if byte() == 0xEF, position + 2 < buffer.count || fill(), buffer.count >= position + 3,
               buffer[position + 1] == 0xBB, buffer[position + 2] == 0xBF {
                position += 3
            }
        }
        while true {
            guard let first = byte() else {
                if let readFailure { throw readFailure }
                return nil
            }
            if first == 10 { position += 1; line += 1; continue }
            if first == 13 { position += 1; continue }
            break
        }
        let start = line
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var quoteLine = line
        var fieldLine = line
        while let b = byte() {
            if !quoted, field.isEmpty, b != 34, let end = unquotedFieldEnd() {
                // The common case: a plain field wholly in the buffer, made into text in one step.
                let text = buffer.withUnsafeBufferPointer { whole -> String? in
                    let bytes = UnsafeBufferPointer(rebasing: whole[position..<end])
                    return UnicodeText.isValidUTF8(bytes) ? String(decoding: bytes, as: UTF8.self) : nil
                }
                guard let text else { throw invalid(Array(buffer[position..<end]), line: line, field: fields.count + 1) }
                fields.append(text)
                position = end
                let delimiter = buffer[end]
                position += 1
                switch delimiter {
                case 44:
                    if byte() == nil { fields.append(""); return Record(line: start, fields: fields) }
                    fieldLine = line
                    continue
                case 10:
                    line += 1
                    return Record(line: start, fields: fields)
                default:  // 13: a CR, alone or before LF
                    if byte() == 10 { position += 1; line += 1 }
                    return Record(line: start, fields: fields)
                }
            }
            position += 1
            if b == 0 { throw Failure(line: line, message: "field \(fields.count + 1): \(UnicodeText.nulMessage)\(Self.utf16Hint)") }
            if quoted {
                if b == 34 {
                    if byte() == 34 { position += 1; field.append(34) } else { quoted = false }
                } else {
                    if b == 10 { line += 1 }
                    field.append(b)
                }
                continue
            }
            switch b {
            case 34 where field.isEmpty:
                quoted = true
                quoteLine = line
            case 44:
                fields.append(try text(field, line: fieldLine, number: fields.count + 1))
                field.removeAll(keepingCapacity: true)
                fieldLine = line
            case 10:
                fields.append(try text(field, line: fieldLine, number: fields.count + 1))
                line += 1
                return Record(line: start, fields: fields)
            case 13:
                if byte() == 10 { continue }
                fields.append(try text(field, line: fieldLine, number: fields.count + 1))
                return Record(line: start, fields: fields)
            default:
                field.append(b)
            }
        }
        if let readFailure { throw readFailure }
        if quoted { throw Failure(line: quoteLine, message: "a quoted field is not closed") }
        fields.append(try text(field, line: fieldLine, number: fields.count + 1))
        return Record(line: start, fields: fields)
    }

    static let utf16Hint = " (is the file UTF-16? save it as UTF-8)"

    /// A field's bytes as text, or where they are not UTF-8.
    private func text(_ bytes: [UInt8], line: Int, number: Int) throws(Failure) -> String {
        let text = bytes.withUnsafeBufferPointer { UnicodeText.isValidUTF8($0) ? String(decoding: $0, as: UTF8.self) : nil }
        if let text { return text }
        throw invalid(bytes, line: line, field: number)
    }

    /// The failure for a field that is not valid UTF-8, on the line of the first bad byte.
    private func invalid(_ bytes: [UInt8], line: Int, field: Int) -> Failure {
        let offset = UnicodeText.firstInvalidUTF8(in: bytes) ?? 0
        let badLine = line + bytes[..<offset].filter { $0 == 10 }.count
        let hint = offset < bytes.count && (bytes[offset] == 0xFF || bytes[offset] == 0xFE) ? Self.utf16Hint : ""
        return Failure(line: badLine, message: "field \(field): \(UnicodeText.invalidUTF8Message(byte: offset < bytes.count ? bytes[offset] : 0))\(hint)")
    }
}
