import Foundation
import Testing

/// scripts/check-plugin-imports keeps plugins depending only on StageKit and FunnelModel, and
/// scripts/check-table-ownership keeps each stage's SQL to the core tables and its own.
@Suite struct ArchitectureTests {
    func check(_ root: String) throws -> (status: Int32, output: String) {
        try FunnelProcess.runTool("/bin/bash", [FunnelProcess.repositoryRoot.appendingPathComponent("scripts/check-plugin-imports").path, root])
    }

    @Test func pluginsImportOnlyStageKitAndFunnelModel() throws {
        let result = try check(FunnelProcess.repositoryRoot.path)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func theCheckCatchesAPluginImportingTheStore() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-arch-\(UUID().uuidString)")
        let plugin = root.appendingPathComponent("Plugins/Sneaky")
        try FileManager.default.createDirectory(at: plugin, withIntermediateDirectories: true)
        try "import StageKit\n@testable import FunnelStore\nimport Foundation\n".write(
            to: plugin.appendingPathComponent("Sneaky.swift"), atomically: true, encoding: .utf8)
        let result = try check(root.path)
        #expect(result.status == 1)
        #expect(result.output.contains("Plugins/Sneaky/Sneaky.swift:2: imports FunnelStore"))
    }

    func ownership(_ root: String) throws -> (status: Int32, output: String) {
        try FunnelProcess.runTool("/usr/bin/env", ["python3", FunnelProcess.repositoryRoot.appendingPathComponent("scripts/check-table-ownership").path, root])
    }

    @Test func stagesNameOnlyCoreTablesAndTheirOwn() throws {
        let result = try ownership(FunnelProcess.repositoryRoot.path)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("table ownership ok"))
    }

    @Test func theCheckCatchesAStageReadingAnotherStagesTable() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-own-\(UUID().uuidString)")
        for (module, source) in [
            ("Quoting", "let schema = \"CREATE TABLE quotes (id INTEGER PRIMARY KEY)\"\n"),
            ("Signing", "let a = \"SELECT * FROM deals\"\nlet b = \"SELECT total FROM quotes q JOIN deals d ON d.id = q.deal_id\"\n"),
        ] {
            let folder = root.appendingPathComponent("Plugins/\(module)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try source.write(to: folder.appendingPathComponent("\(module).swift"), atomically: true, encoding: .utf8)
        }
        let core = root.appendingPathComponent("Modules/StageKit")
        try FileManager.default.createDirectory(at: core, withIntermediateDirectories: true)
        try "let core = \"CREATE TABLE deals (id INTEGER PRIMARY KEY)\"\n".write(to: core.appendingPathComponent("Core.swift"), atomically: true, encoding: .utf8)
        let result = try ownership(root.path)
        #expect(result.status == 1)
        #expect(result.output == "Plugins/Signing/Signing.swift:2: names table quotes, which belongs to Quoting "
            + "(a stage uses only core tables and its own; hand-offs go through StageKit)\n", "\(result.output)")
    }
}
