#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where "now" comes from. Every use of the current time goes through one, so scripts and tests
/// can fix it (`FUNNEL_NOW=2026-01-31` or `--now 2026-01-31`) and get the same output every run.
public protocol Clock: Sendable {
    var now: Date { get }
}

/// The real time.
public struct SystemClock: Clock {
    public init() {}
    public var now: Date { Date() }
}

/// A clock that always answers the same instant.
public struct FixedClock: Clock {
    public let now: Date
    public init(_ now: Date) { self.now = now }
}
