import FunnelModel
import StageHost
import StageKit

/// The settings funnel knows: those the registered stages declare and the shell's own. `config set`
/// and `config load` check a key and value against them, so a typo fails when it is typed, not when a
/// command later reads it. A key outside every known family (`a.b.` of a known key) is a team's own
/// and is stored as it is.
struct SettingsCatalog {
    let settings: [Setting]

    /// The registered stage slots, for families named by stage (`forecast.probability.negotiate`).
    let stages: [String]

    init(registry: StageRegistry) {
        settings = registry.settings
        stages = registry.slots.map(\.rawValue)
    }

    /// Why the part of a key after its family's prefix is not one the stage reads, or nil.
    func suffixProblem(_ rule: Setting.Suffix, _ suffix: String) -> String? {
        switch rule {
        case .any: return nil
        case .lowerCase: return suffix == suffix.lowercased() ? nil : "it is read in lower case: use \(suffix.lowercased())"
        case .stage: return stages.contains(suffix) ? nil : "\(suffix) is not a stage (stages: \(stages.joined(separator: ", ")))"
        @unknown default: return nil
        }
    }

    /// The declared setting `key` is, if any.
    func setting(_ key: String) -> Setting? { settings.first { $0.matches(key) } }

    /// Refuses a value the setting's stage could not use, or a key that looks like a misspelt known one.
    func check(_ key: String, _ value: String) throws(CommandError) {
        if let setting = setting(key) {
            if setting.key.hasSuffix(".*"), let problem = suffixProblem(setting.suffix, String(key.dropFirst(setting.key.count - 1))) {
                throw CommandError("setting \(key): \(problem)", argument: "key")
            }
            if let problem = setting.problem(value) {
                throw CommandError("setting \(key): \(problem)", argument: "value")
            }
            return
        }
        // A key in a known family (`screen.bant.`) that is none of its settings, or one letter or two
        // from a known key, is a typo; anything else is a team's own setting.
        let family = SettingsCatalog.family(key)
        let relatives = settings.filter { SettingsCatalog.family($0.key) == family }
        let closest = (relatives.isEmpty ? settings : relatives).min { SettingsCatalog.distance($0.key, key) < SettingsCatalog.distance($1.key, key) }
        guard !relatives.isEmpty || closest.map({ SettingsCatalog.distance($0.key, key) <= 2 }) == true else { return }
        throw CommandError("unknown setting \(key)", argument: "key",
                           hint: (closest.map { "did you mean \($0.key)? " } ?? "") + "config list --known shows every setting")
    }

    /// The first two parts of a key, `screen.bant` of `screen.bant.weight.budget`.
    static func family(_ key: String) -> String {
        key.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false).prefix(2).joined(separator: ".")
    }

    /// Levenshtein distance, for "did you mean".
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
