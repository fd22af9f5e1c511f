import GRDB

/// The pickers' data: Business Central reference values of one kind (accounts, dimensionValues,
/// taxGroups, taxAreas, paymentTerms, …) searched by code prefix or name substring, both
/// case-insensitive. Loaded once into sorted arrays, so a search over a 10,000-account chart is a
/// binary search plus one byte scan (`fieldledger bench rules` measures it).
public struct ReferenceSearch: Sendable {
    public struct Hit: Sendable, Equatable {
        public var code: String
        public var name: String
        public var blocked: Bool

        public init(code: String, name: String, blocked: Bool) {
            self.code = code
            self.name = name
            self.blocked = blocked
        }
    }

    private struct Table: Sendable {
        var hits: [Hit]
        var codes: [[UInt8]]   // lower-cased UTF-8, sorted ascending with `hits`
        /// Every lower-cased name in `hits` order, each followed by a 0 byte, in one buffer: a
        /// substring search is one linear scan of contiguous memory.
        var names: [UInt8]
        var nameStarts: [Int]  // offset of each name in `names`
    }

    private var tables: [String: Table] = [:]

    /// `entries`: entity set name → its values (any order).
    public init(entries: [String: [Hit]]) {
        for (entity, hits) in entries {
            let sorted = hits.map { (Array($0.code.lowercased().utf8), Array($0.name.lowercased().utf8), $0) }
                .sorted { $0.0.lexicographicallyPrecedes($1.0) }
            var names: [UInt8] = []
            var starts: [Int] = []
            for entry in sorted {
                starts.append(names.count)
                names += entry.1.map { $0 == 0 ? 32 : $0 }
                names.append(0)
            }
            tables[entity] = Table(hits: sorted.map(\.2), codes: sorted.map(\.0), names: names, nameStarts: starts)
        }
    }

    /// Every cached Business Central value with a code. Dimension values are keyed by their
    /// dimension too: `dimensionValues:DEPARTMENT`.
    public static func load(_ db: Database) throws -> ReferenceSearch {
        let rows = try Row.fetchAll(db, sql: """
            SELECT r.entity, r.code, r.name, r.blocked, json_extract(r.data, '$.dimensionId') AS dimension_id, d.code AS dimension
            FROM reference_data r
            LEFT JOIN reference_data d ON d.erp_system = r.erp_system AND d.entity = 'dimensions'
                 AND d.erp_id = lower(json_extract(r.data, '$.dimensionId'))
            WHERE r.erp_system = 'businesscentral' AND r.code IS NOT NULL AND r.entity != 'defaultDimensions'
            """)
        var entries: [String: [Hit]] = [:]
        for row in rows {
            let hit = Hit(code: row["code"], name: row["name"] ?? "", blocked: row["blocked"])
            let entity: String = row["entity"]
            entries[entity, default: []].append(hit)
            if let dimension: String = row["dimension"] { entries["\(entity):\(dimension)", default: []].append(hit) }
        }
        return ReferenceSearch(entries: entries)
    }

    public var entities: [String] { tables.keys.sorted() }

    /// Values of `entity` whose code starts with `query` (first, in code order), then those whose
    /// name contains it; an empty query lists from the start. At most `limit`.
    public func search(_ entity: String, query: String, limit: Int = 50) -> [Hit] {
        guard let table = tables[entity], limit > 0 else { return [] }
        let needle = Array(query.lowercased().utf8)
        var out: [Hit] = []
        var taken = Set<Int>()
        var i = lowerBound(table.codes, needle)
        while i < table.codes.count, out.count < limit, table.codes[i].starts(with: needle) {
            out.append(table.hits[i])
            taken.insert(i)
            i += 1
        }
        if needle.isEmpty || needle.contains(0) { return out }
        // Name matches, in code order, skipping those already found by code.
        var j = 0
        table.names.withUnsafeBufferPointer { names in
            var at = 0
            while out.count < limit, let found = Self.find(needle, in: names, from: at) {
                while j + 1 < table.nameStarts.count, table.nameStarts[j + 1] <= found { j += 1 }
                if !taken.contains(j) { out.append(table.hits[j]) }
                // Continue after this name: one hit per value.
                at = j + 1 < table.nameStarts.count ? table.nameStarts[j + 1] : names.count
            }
        }
        return out
    }

    private func lowerBound(_ keys: [[UInt8]], _ key: [UInt8]) -> Int {
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid].lexicographicallyPrecedes(key) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The offset of the first occurrence of `needle` in `haystack` at or after `start`.
    private static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        let first = needle[0]
        let last = haystack.count - needle.count
        var i = start
        while i <= last {
            if haystack[i] == first {
                var k = 1
                while k < needle.count, haystack[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
