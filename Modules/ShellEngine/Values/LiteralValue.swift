#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// The value a literal in the script stands for.
enum LiteralValue {
    struct Failure: Error { let message: String }

    static func value(of literal: Literal) throws(Failure) -> Value {
        switch literal {
        case .int(let i): return .int(i)
        case .decimal(let text):
            guard let decimal = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                throw Failure(message: "\"\(text)\" is not a number")
            }
            return .decimal(decimal)
        case .money(let text):
            let code = String(text.suffix(3)), number = String(text.dropLast(3))
            do { return .money(try Money.parse(number + " " + code)) } catch { throw Failure(message: error.description) }
        case .duration(let seconds): return .duration(seconds)
        case .months(let count): return .months(count)
        case .date(let text):
            do { return .date(try Day.parse(text)) } catch { throw Failure(message: error.description) }
        case .range(let low, let high): return .range(low, high)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .null: return .null
        }
    }
}
