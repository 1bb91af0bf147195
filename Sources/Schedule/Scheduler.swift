#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Fires rules at their schedules' fire times by calling a closure.
///
/// The scheduler calls `fire` once for every fire time of every enabled rule, in time order (rules due at
/// the same time in the order given), with the scheduled time rather than the time of the call. It never
/// fires a rule twice for one fire time and never skips one: after a late wake-up (a busy machine, a
/// suspended laptop, a slow `fire`) it delivers every fire time it missed, each once, in order. `fire`
/// is awaited before the next one, so it should hand the work off (an asynchronous invoke) rather
/// than do it.
///
/// Rate rules count from the moment ``run(firingAllAtStart:)`` starts, as EventBridge counts from the
/// rule's creation.
public struct Scheduler<Payload: Sendable>: Sendable {
    /// Delivers one firing: the rule and its scheduled time (a whole minute for scheduled firings).
    public typealias Fire = @Sendable (ScheduleRule<Payload>, Date) async -> Void

    /// The rules, in the order ties are fired in.
    public let rules: [ScheduleRule<Payload>]
    private let clock: any ScheduleClock
    private let fire: Fire

    /// Creates a scheduler.
    ///
    /// - Parameters:
    ///   - rules: The rules to fire.
    ///   - clock: The clock to read and sleep on.
    ///   - fire: Called for each firing.
    public init(rules: [ScheduleRule<Payload>], clock: any ScheduleClock = SystemScheduleClock(), fire: @escaping Fire) {
        self.rules = rules
        self.clock = clock
        self.fire = fire
    }

    /// Fires the enabled rules at their fire times until the calling task is cancelled.
    ///
    /// Fire times strictly after the start count; a rule whose schedule has no fire time left stops firing.
    /// Call it once per scheduler: two concurrent runs would each fire every rule.
    ///
    /// - Parameter firingAllAtStart: Whether to first fire every enabled rule once, as ``fireAllNow()``
    ///   does. The schedules still count from the start, so a fire time that passes during those firings is
    ///   not lost.
    public func run(firingAllAtStart: Bool = false) async {
        let start = clock.now
        if firingAllAtStart {
            await fireAll(at: Self.wholeSecond(start))
        }
        var nextTimes = rules.map { rule in
            rule.isEnabled ? rule.expression.nextFireTime(after: start, rateStart: start) : nil
        }
        while !Task.isCancelled {
            // The earliest fire time; `min` keeps the first of equal elements, so ties go to the earlier rule.
            let due = nextTimes.indices.compactMap { index in nextTimes[index].map { (index, $0) } }.min { $0.1 < $1.1 }
            guard let (index, time) = due else {
                // Nothing left to fire; still return only when cancelled, like a service.
                try? await clock.sleep(until: .distantFuture)
                return
            }
            if clock.now < time {
                do { try await clock.sleep(until: time) } catch { return }
                continue
            }
            await fire(rules[index], time)
            nextTimes[index] = rules[index].expression.nextFireTime(after: time, rateStart: start)
        }
    }

    /// Fires every enabled rule once, now, in order.
    ///
    /// - Returns: The time passed to `fire`: the clock's time truncated to a whole second.
    @discardableResult
    public func fireAllNow() async -> Date {
        let time = Self.wholeSecond(clock.now)
        await fireAll(at: time)
        return time
    }

    /// Fires one rule now, whether or not it is enabled.
    ///
    /// - Parameter name: The rule's name; the first rule with that name fires.
    /// - Returns: The time passed to `fire` (the clock's time truncated to a whole second), or `nil` when no
    ///   rule has that name.
    @discardableResult
    public func fireNow(ruleNamed name: String) async -> Date? {
        guard let rule = rules.first(where: { $0.name == name }) else { return nil }
        let time = Self.wholeSecond(clock.now)
        await fire(rule, time)
        return time
    }

    private func fireAll(at time: Date) async {
        for rule in rules where rule.isEnabled {
            await fire(rule, time)
        }
    }

    /// Event times are reported to the second.
    private static func wholeSecond(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }
}
