import Foundation
import Testing

/// scripts/check-plugin-imports keeps plugins depending only on StageKit and FunnelModel.
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
}
