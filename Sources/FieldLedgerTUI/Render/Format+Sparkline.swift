extension Format {
    /// One character per value, scaled to the largest: the lowest level for anything above
    /// zero, the zero mark for nothing (so an idle minute and a slow one differ).
    static func sparkline(_ values: [Int], _ glyphs: Glyphs) -> String {
        let peak = values.max() ?? 0
        let levels = glyphs.spark
        guard peak > 0, !levels.isEmpty else { return String(repeating: glyphs.sparkZero, count: values.count) }
        return values.map { value in
            guard value > 0 else { return glyphs.sparkZero }
            let level = (value * levels.count - 1) / peak
            return levels[max(0, min(levels.count - 1, level))]
        }.joined()
    }

    /// Sums neighbouring values into `count` buckets (oldest first), for narrow screens.
    static func squeeze(_ values: [Int], to count: Int) -> [Int] {
        guard count > 0, values.count > count else { return values }
        let per = (values.count + count - 1) / count
        return stride(from: 0, to: values.count, by: per).map { values[$0..<min(values.count, $0 + per)].reduce(0, +) }
    }
}
