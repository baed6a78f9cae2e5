#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel

/// A setting a stage reads (`config set KEY VALUE`), declared so that `config set` and `config load`
/// refuse a misspelt key or a value the stage could not use, when it is set rather than when a command
/// later reads it; `config list --known` lists them. A key ending in `.*` names a family:
/// `screen.assign.region.*` is one setting per region.
public struct Setting: Sendable {
    public let key: String
    public let summary: String
    /// The value used while unset, as text; nil when unset means "off" or "none".
    public let defaultValue: String?
    /// Why a value is unusable (`"abc" is not a whole number ...`), or nil when it is fine.
    public let problem: @Sendable (String) -> String?
    /// For a family, what may follow its prefix.
    public let suffix: Suffix

    /// What may follow a family's prefix (`screen.assign.region.` + `华东`).
    public enum Suffix: Sendable {
        /// Anything.
        case any
        /// Lower case only: the stage reads the family with a lower-cased name (a region, an industry).
        case lowerCase
        /// A registered stage slot (`negotiate`), checked by the shell against the registry.
        case stage
    }

    /// `problem` first, so a trailing closure is the value's check.
    public init(_ key: String, _ summary: String, default defaultValue: String? = nil, suffix: Suffix = .any,
                problem: @escaping @Sendable (String) -> String? = { _ in nil }) {
        self.key = key
        self.summary = summary
        self.defaultValue = defaultValue
        self.suffix = suffix
        self.problem = problem
    }

    /// Whether `name` is this setting, or one of its family.
    public func matches(_ name: String) -> Bool {
        key.hasSuffix(".*") ? name.hasPrefix(key.dropLast()) && name.count > key.count - 1 : name == key
    }

    // MARK: - Common kinds of value

    /// A whole number in `range`.
    public static func integer(_ key: String, _ summary: String, default value: Int?, in range: ClosedRange<Int>) -> Setting {
        Setting(key, summary, default: value.map(String.init)) { text in
            guard let number = Int(text.trimmingSpaces), range.contains(number) else {
                return "\"\(text)\" is not a whole number from \(range.lowerBound) to \(range.upperBound)"
            }
            return nil
        }
    }

    /// An amount of money, `10000` or `10,000.00 CNY`.
    public static func money(_ key: String, _ summary: String, default value: String?) -> Setting {
        Setting(key, summary, default: value) { text in
            do throws(Money.ParseError) { _ = try Money.parse(text) } catch { return error.description }
            return nil
        }
    }

    /// One of `choices`.
    public static func choice(_ key: String, _ summary: String, default value: String?, _ choices: [String]) -> Setting {
        Setting(key, summary, default: value) { text in
            choices.contains(text) ? nil : "\"\(text)\" is not \(choices.joined(separator: " or "))"
        }
    }

    /// true or false (also yes/no, 1/0).
    public static func bool(_ key: String, _ summary: String, default value: Bool) -> Setting {
        Setting(key, summary, default: String(value)) { text in
            ["true", "yes", "1", "false", "no", "0"].contains(text.lowercased()) ? nil : "\"\(text)\" is not true or false"
        }
    }

    /// A whole percentage from 0 to 100 (`40` or `40%`).
    public static func percentage(_ key: String, _ summary: String, default value: String?, suffix: Suffix = .any) -> Setting {
        Setting(key, summary, default: value, suffix: suffix) { text in
            guard let number = Int(text.trimmingSpaces.replacing("%", with: "")), (0...100).contains(number) else {
                return "\"\(text)\" is not a percentage from 0 to 100"
            }
            return nil
        }
    }
}
