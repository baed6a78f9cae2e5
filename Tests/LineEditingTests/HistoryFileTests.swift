import Foundation
@testable import LineEditing
import Testing

@Suite struct HistoryFileTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("funnel-history-\(UUID().uuidString)/state/history").path
    }

    @Test func multiLineEntriesSurviveARoundTrip() {
        let file = HistoryFile(path: temporaryPath())
        file.append("lead list |\n  count")
        file.append(#"lead add "a\b""#)
        file.append("杭州 客户")
        #expect(file.load() == ["lead list |\n  count", #"lead add "a\b""#, "杭州 客户"])
    }

    @Test func twoSessionsAppendWithoutClobberingEachOther() {
        let path = temporaryPath()
        let first = HistoryFile(path: path), second = HistoryFile(path: path)
        first.append("from first")
        second.append("from second")
        first.append("first again")
        #expect(HistoryFile(path: path).load() == ["from first", "from second", "first again"])
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes?[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func compactsAFileFarPastTheLimit() {
        let file = HistoryFile(path: temporaryPath())
        for i in 0..<2100 { file.append("entry \(i)") }
        let loaded = file.load()
        #expect(loaded.count == 1000)
        #expect(loaded.last == "entry 2099")
        #expect(HistoryFile(path: file.path).load().count == 1000)
        // Compacting replaces the file but keeps its mode: the history holds customers' names.
        let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
        #expect((attributes?[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func commonPrefixOfCandidates() {
        #expect(EditLineReader.commonPrefix(["screen", "show"]) == "s")
        #expect(EditLineReader.commonPrefix(["L-10", "L-11"]) == "L-1")
        #expect(EditLineReader.commonPrefix([]) == "")
    }
}
