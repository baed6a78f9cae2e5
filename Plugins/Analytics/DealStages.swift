#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import StageKit

/// The stages a deal moves through, in lifecycle order: the registered slots from `discover` to
/// `sign`, so a team's own stage inserted between them (say `trial` after `recommend`) is counted too.
struct DealStages {
    let names: [String]

    static let builtIn = ["discover", "recommend", "negotiate", "sign"]

    init(_ context: StageContext) {
        let slots = context.lifecycle.map(\.rawValue)
        if let first = slots.firstIndex(of: "discover"), let last = slots.firstIndex(of: "sign"), first <= last {
            names = Array(slots[first...last])
        } else {
            names = DealStages.builtIn
        }
    }

    init(names: [String]) { self.names = names }

    /// `CASE d.stage WHEN 'discover' THEN 0 ... END`: a deal's position, NULL for a stage not listed.
    func position(_ column: String) -> String {
        "CASE \(column) " + names.enumerated().map { "WHEN '\(quoted($0.element))' THEN \($0.offset)" }.joined(separator: " ") + " END"
    }

    private func quoted(_ name: String) -> String { name.replacing("'", with: "''") }
}
