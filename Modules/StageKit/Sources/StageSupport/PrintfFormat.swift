#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// C's `printf` formats (`%.1f`, `%06lld`, `%%`) for numbers, as `String(format:)` writes them, without
/// full Foundation (kept off the path to the first result: see docs/benchmarks.md, start-up).
public enum PrintfFormat {
    /// The arguments written by `format` in the C locale.
    public static func string(_ format: String, _ arguments: any CVarArg...) -> String {
        withVaList(arguments) { list in
            var buffer = [CChar](repeating: 0, count: 64)
            var needed = Int(vsnprintf(&buffer, buffer.count, format, list))
            if needed >= buffer.count {
                buffer = [CChar](repeating: 0, count: needed + 1)
                needed = withVaList(arguments) { Int(vsnprintf(&buffer, buffer.count, format, $0)) }
            }
            guard needed >= 0 else { return "" }
            return String(decoding: buffer[..<needed].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }
}
