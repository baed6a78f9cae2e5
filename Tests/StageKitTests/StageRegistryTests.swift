import FunnelModel
import StageHost
import StageKit
import Testing

/// A minimal stage for registry tests.
struct FakeStage: Stage {
    let slot: String
    let name: String
    let follows: String?
    var commandNames: [String] = []

    var descriptor: StageDescriptor {
        StageDescriptor(slot: StageSlot(slot), implementation: name, summary: "Fake.", version: "1", follows: follows.map { StageSlot($0) })
    }

    var commands: [Command] {
        commandNames.map { name in Command(CommandSignature(name, summary: "Fake.")) { _, _ in .string("\(slot)/\(self.name)") } }
    }
}

@Suite struct StageRegistryTests {
    @Test func ordersSlotsByWhatTheyFollow() throws {
        let registry = StageRegistry()
        try registry.register(FakeStage(slot: "capture", name: "a", follows: nil))
        try registry.register(FakeStage(slot: "sign", name: "a", follows: "capture"))
        try registry.register(FakeStage(slot: "screen", name: "a", follows: "capture"))
        try registry.register(FakeStage(slot: "negotiate", name: "a", follows: "screen"))
        // screen follows capture too, and was registered later: it goes between capture and sign.
        #expect(registry.slots.map(\.rawValue) == ["capture", "screen", "negotiate", "sign"])
    }

    @Test func insertsAStageBetweenTwoSlots() throws {
        let registry = StageRegistry()
        try registry.register(FakeStage(slot: "recommend", name: "a", follows: nil))
        try registry.register(FakeStage(slot: "negotiate", name: "a", follows: "recommend"))
        try registry.register(FakeStage(slot: "trial", name: "a", follows: "recommend"))
        // A slot registered later that follows recommend goes right after it, before negotiate.
        #expect(registry.slots.map(\.rawValue) == ["recommend", "trial", "negotiate"])
    }

    @Test func refusesDuplicatesAndUnknownPredecessors() throws {
        let registry = StageRegistry()
        try registry.register(FakeStage(slot: "capture", name: "a", follows: nil))
        #expect(throws: StageRegistry.RegistrationError.self) {
            try registry.register(FakeStage(slot: "capture", name: "a", follows: nil))
        }
        #expect(throws: StageRegistry.RegistrationError.self) {
            try registry.register(FakeStage(slot: "pay", name: "a", follows: "nowhere"))
        }
    }

    @Test func refusesACommandNameOfferedByTwoSlots() throws {
        let registry = StageRegistry()
        try registry.register(FakeStage(slot: "capture", name: "a", follows: nil, commandNames: ["lead add"]))
        #expect(throws: StageRegistry.RegistrationError.self) {
            try registry.register(FakeStage(slot: "screen", name: "a", follows: "capture", commandNames: ["lead add"]))
        }
    }

    @Test func oneSlotHoldsSeveralImplementationsWithOneActive() throws {
        let registry = StageRegistry()
        try registry.register(FakeStage(slot: "screen", name: "bant", follows: nil, commandNames: ["lead screen"]))
        try registry.register(FakeStage(slot: "screen", name: "fit", follows: nil, commandNames: ["lead screen"]))
        #expect(registry.command(named: "lead screen")?.1.implementation == "bant")
        try registry.use(slot: "screen", implementation: "fit")
        #expect(registry.command(named: "lead screen")?.1.implementation == "fit")
        #expect(throws: StageRegistry.RegistrationError.self) { try registry.use(slot: "screen", implementation: "nope") }
        #expect(throws: StageRegistry.RegistrationError.self) { try registry.use(slot: "nope", implementation: "fit") }
        #expect(registry.activeCommands.count == 1)
        #expect(registry.allCommands.count == 2)
    }

    @Test func migrationsStartWithTheCoreSchema() {
        #expect(StageRegistry().migrations.first?.module == "core")
    }
}
