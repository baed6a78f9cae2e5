#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import StageKit
import StageSupport

/// The history file: one entry per line, newlines and backslashes escaped, appended to after each
/// entry so that concurrent sessions add to it instead of overwriting each other.
struct HistoryFile {
    let path: String
    /// How many entries to keep when the file is compacted at start-up.
    let limit = 1000

    /// The stored entries, oldest first; compacts the file when it has grown past twice the limit.
    func load() -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        let entries = lines.map(HistoryFile.decode)
        if entries.count > limit * 2 {
            let kept = Array(entries.suffix(limit))
            let text = kept.map { HistoryFile.encode($0) + "\n" }.joined()
            // Replaced whole, keeping the file's mode (0600 when Funnel created it).
            try? OutputFile.write(Data(text.utf8), to: path)
            return kept
        }
        return Array(entries.suffix(limit))
    }

    /// Appends one entry with a single write on an O_APPEND descriptor.
    func append(_ entry: String) {
        let directory = PathName.folder(path)
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let bytes = Array((HistoryFile.encode(entry) + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    static func encode(_ entry: String) -> String {
        var out = ""
        for character in entry {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    static func decode(_ line: String) -> String {
        var out = ""
        var escaping = false
        for character in line {
            if escaping {
                out.append(character == "n" ? "\n" : character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}
