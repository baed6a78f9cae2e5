#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// The variables visible while compiling one function (the top level, a `def` body, a closure):
/// nested block scopes mapping names to frame slots, and the enclosing function's scope.
final class FunctionScope {
    struct Variable {
        let slot: Int
        let mutable: Bool
    }

    let parent: FunctionScope?
    private var blocks: [[String: Variable]] = [[:]]
    /// How many slots a frame for this function needs.
    private(set) var size = 0
    /// Loops open around the code being compiled, for break and continue.
    var loopDepth = 0
    /// Whether `return` may be used (inside a def or closure).
    let allowsReturn: Bool

    init(parent: FunctionScope?, allowsReturn: Bool) {
        self.parent = parent
        self.allowsReturn = allowsReturn
    }

    func pushBlock() { blocks.append([:]) }
    func popBlock() { if blocks.count > 1 { blocks.removeLast() } }

    /// A new variable in the innermost block (shadowing any outer one of the same name).
    func declare(_ name: String, mutable: Bool) -> Int {
        let slot = size
        size += 1
        blocks[blocks.count - 1][name] = Variable(slot: slot, mutable: mutable)
        return slot
    }

    /// The variable's slot and how many functions out it lives.
    func resolve(_ name: String) -> (depth: Int, variable: Variable)? {
        for block in blocks.reversed() {
            if let variable = block[name] { return (0, variable) }
        }
        guard let found = parent?.resolve(name) else { return nil }
        return (found.depth + 1, found.variable)
    }

    /// Every name visible here, for "did you mean" hints and completion.
    var visibleNames: [String] {
        blocks.flatMap(\.keys) + (parent?.visibleNames ?? [])
    }
}
