#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A prospective customer as first captured, before it is screened.
public struct Lead: Sendable, Equatable {
    public var id: EntityID
    public var name: String
    public var company: String?
    public var email: String?
    public var phone: String?
    public var source: String?
    public var campaign: String?
    public var tags: [String]
    public var owner: String?
    public var region: String?
    public var industry: String?
    public var budget: Money?
    /// Whether the contact can decide the purchase (BANT "authority").
    public var authority: Bool?
    /// How pressing the need is, 0 (none) to 3 (urgent).
    public var need: Int?
    /// How soon they intend to buy, in days.
    public var timelineDays: Int?
    /// How often they buy: once, yearly, quarterly, monthly, weekly.
    public var purchaseFrequency: PurchaseFrequency?
    public var status: LeadStatus
    public var score: Int?
    /// When the lead was recorded; nil when unknown (imported from a file without a creation column).
    public var createdAt: Date?

    public init(id: EntityID, name: String, company: String? = nil, email: String? = nil, phone: String? = nil,
                source: String? = nil, campaign: String? = nil, tags: [String] = [], owner: String? = nil,
                region: String? = nil, industry: String? = nil, budget: Money? = nil, authority: Bool? = nil,
                need: Int? = nil, timelineDays: Int? = nil, purchaseFrequency: PurchaseFrequency? = nil,
                status: LeadStatus = .new, score: Int? = nil, createdAt: Date?) {
        self.id = id; self.name = name; self.company = company; self.email = email; self.phone = phone
        self.source = source; self.campaign = campaign; self.tags = tags; self.owner = owner; self.region = region
        self.industry = industry; self.budget = budget; self.authority = authority; self.need = need
        self.timelineDays = timelineDays; self.purchaseFrequency = purchaseFrequency
        self.status = status; self.score = score; self.createdAt = createdAt
    }
}

/// How often a customer buys.
@frozen public enum PurchaseFrequency: String, Sendable, CaseIterable {
    case once, yearly, quarterly, monthly, weekly
}

/// Where a lead stands in screening.
@frozen public enum LeadStatus: String, Sendable, CaseIterable {
    case new, qualified, disqualified
    /// Qualified and turned into a customer, a contact and an open deal.
    case converted
}

/// One entry of the append-only journal: who changed what, when, in which stage and how.
public struct JournalEvent: Sendable, Equatable {
    public var at: Date
    public var actor: String
    public var subject: EntityID
    public var slot: String
    public var implementation: String
    public var type: String
    /// The event's details as a JSON object.
    public var payload: String

    public init(at: Date, actor: String, subject: EntityID, slot: String, implementation: String,
                type: String, payload: String) {
        self.at = at; self.actor = actor; self.subject = subject; self.slot = slot
        self.implementation = implementation; self.type = type; self.payload = payload
    }
}
