import FunnelModel
import StageHost
import StageKit
import StageCatalog
import Testing

/// The lifecycle contract: its slots are the built-in stages' slots in their order, and its kinds of
/// record are told apart by their id prefixes.
@Suite struct LifecycleTests {
    @Test func idPrefixesAndNounsAreUniqueAndParseBack() {
        let kinds = EntityKind.wellKnown
        #expect(Set(kinds.map(\.prefix)).count == kinds.count)
        #expect(Set(kinds.map(\.noun)).count == kinds.count)
        for kind in kinds {
            #expect(kind.prefix == kind.prefix.uppercased() && !kind.prefix.isEmpty)
            // An id of one kind never reads as an id of another (PR-3 is no P-3).
            for other in kinds where other != kind {
                #expect(EntityID(parsing: "\(kind.prefix)-3", as: other) == nil, "\(kind.prefix)-3 read as \(other.noun)")
            }
            #expect(EntityID(parsing: "\(kind.prefix)-3", as: kind) == EntityID(kind, 3))
        }
    }

    @Test func theBuiltInStagesFillTheWellKnownSlotsInOrder() throws {
        let registry = try StageCatalog.makeRegistry()
        #expect(registry.slots == StageSlot.wellKnown)
    }
}
