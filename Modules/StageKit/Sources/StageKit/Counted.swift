import FunnelModel

/// `1 lead`, `2 leads`: a count with its noun, for messages people read.
public func counted(_ count: some BinaryInteger, _ noun: String, plural: String? = nil) -> String {
    "\(count) \(count == 1 ? noun : plural ?? noun + "s")"
}
