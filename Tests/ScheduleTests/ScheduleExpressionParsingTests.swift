import ScheduleExpressions
import Testing

@Suite("Parsing")
struct ScheduleExpressionParsingTests {
    /// Every form the grammar accepts, including the documentation's examples.
    static let valid = [
        "rate(1 minute)", "rate(5 minutes)", "rate(1 hour)", "rate(12 hours)", "rate(1 day)", "rate(7 days)",
        "rate(01 minute)", "rate(10  minutes)",
        "cron(15 10 * * ? *)", "cron(0 18 ? * MON-FRI *)", "cron(0 8 1 * ? *)", "cron(0/10 * ? * MON-FRI *)",
        "cron(0/5 8-17 ? * MON-FRI *)", "cron(0 9 ? * 2#1 *)", "cron(5,35 14 * * ? *)", "cron(15 10 ? * 6L 2019-2022)",
        "cron(0/30 20-2 ? * MON-FRI *)", "cron(0 12 * * ? *)",
        "cron(*/5 * * * ? *)", "cron(1-31/30 1-1 ? * 1,7 *)", "cron(0-15/1 8-8 ? * 2,3,4,5,6,7 *)",
        "cron(30-30 13-13 ? * 2,4,6 *)", "cron(0 1-7/2,11-23/2 * * ? *)",
        "cron(0 0 L * ? *)", "cron(0 0 LW * ? *)", "cron(0 0 lw * ? *)", "cron(0 0 15W * ? *)", "cron(0 0 1W * ? *)",
        "cron(0 0 31W * ? *)", "cron(0 0 ? * L *)", "cron(0 0 ? * FRIL *)", "cron(0 0 ? * fril *)", "cron(0 0 ? * 5#5 *)",
        "cron(0 0 ? * MON#1 *)", "cron(0 0 1 JAN,APR,JUL,OCT ? *)", "cron(0 0 1 jan-Mar ? *)", "cron(0 0 1 FEB/2 ? *)",
        "cron(0 0 1 NOV-FEB ? *)", "cron(0 0 ? * FRI-MON *)", "cron(0 0 1 * ? 1970)", "cron(0 0 1 * ? 2199)",
        "cron(0 0 1 * ? 1970-2199)", "cron(0 0 1 * ? 2020/4)", "cron(0 0 1 * ? */229)", "cron(*/59 */23 */31 */12 ? *)",
        "cron(0 0 ? * * *)", "cron(0 0 * * ? *)",
    ]

    @Test(arguments: valid)
    func accepts(_ text: String) throws {
        let expression = try ScheduleExpression(parsing: text)
        #expect(expression.description == text)
    }

    /// Every way an expression can be wrong, with the message it gets.
    static let invalid: [(String, String)] = [
        // Not a schedule expression.
        ("", "expected 'rate(value unit)' or 'cron(Minutes Hours Day-of-month Month Day-of-week Year)'"),
        ("rate(5 minutes", "expected 'rate(value unit)' or 'cron(Minutes Hours Day-of-month Month Day-of-week Year)'"),
        ("cron 0 0 * * ? *", "expected 'rate(value unit)' or 'cron(Minutes Hours Day-of-month Month Day-of-week Year)'"),
        ("RATE(5 minutes)", "expected 'rate(value unit)' or 'cron(Minutes Hours Day-of-month Month Day-of-week Year)'"),
        (" rate(5 minutes)", "expected 'rate(value unit)' or 'cron(Minutes Hours Day-of-month Month Day-of-week Year)'"),
        ("0 18 ? * MON-FRI *", "expected 'rate(value unit)' or 'cron(Minutes Hours Day-of-month Month Day-of-week Year)'"),
        ("at(2024-01-01T00:00:00)", "expected 'rate(value unit)' or 'cron(Minutes Hours Day-of-month Month Day-of-week Year)'"),
        // Rate.
        ("rate()", "rate expression: expected a value and a unit, e.g. 'rate(5 minutes)'"),
        ("rate(5)", "rate expression: expected a value and a unit, e.g. 'rate(5 minutes)'"),
        ("rate(5 minutes now)", "rate expression: expected a value and a unit, e.g. 'rate(5 minutes)'"),
        ("rate(1 hours)", "rate expression: unit must be singular ('hour') when the value is 1"),
        ("rate(1 minutes)", "rate expression: unit must be singular ('minute') when the value is 1"),
        ("rate(5 hour)", "rate expression: unit must be plural ('hours') when the value is greater than 1"),
        ("rate(2 day)", "rate expression: unit must be plural ('days') when the value is greater than 1"),
        ("rate(0 minutes)", "rate expression: value 0 is not a positive integer"),
        ("rate(-5 minutes)", "rate expression: value '-5' is not a positive integer"),
        ("rate(1.5 hours)", "rate expression: value '1.5' is not a positive integer"),
        ("rate(five minutes)", "rate expression: value 'five' is not a positive integer"),
        ("rate(5 weeks)", "rate expression: unit 'weeks' is not one of minute, minutes, hour, hours, day, days"),
        ("rate(30 seconds)", "rate expression: unit 'seconds' is not one of minute, minutes, hour, hours, day, days"),
        ("rate(5 Minutes)", "rate expression: unit 'Minutes' is not one of minute, minutes, hour, hours, day, days"),
        ("rate(99999999999999999999 minutes)", "rate expression: value 99999999999999999999 is too large"),
        ("rate(3000000 days)", "rate expression: value 3000000 is too large"),
        // Field count.
        ("cron()", "cron expression: expected 6 fields (Minutes Hours Day-of-month Month Day-of-week Year), got 0"),
        ("cron(0 18 ? * MON-FRI)", "cron expression: expected 6 fields (Minutes Hours Day-of-month Month Day-of-week Year), got 5"),
        ("cron(* * * * *)", "cron expression: expected 6 fields (Minutes Hours Day-of-month Month Day-of-week Year), got 5"),
        ("cron(0 0 0 18 ? * MON-FRI *)", "cron expression: expected 6 fields (Minutes Hours Day-of-month Month Day-of-week Year), got 8"),
        // Out of range in every field.
        ("cron(60 * * * ? *)", "cron field 'Minutes': 60 is out of range 0-59"),
        ("cron(0 24 * * ? *)", "cron field 'Hours': 24 is out of range 0-23"),
        ("cron(0 0 0 * ? *)", "cron field 'Day-of-month': 0 is out of range 1-31"),
        ("cron(0 0 32 * ? *)", "cron field 'Day-of-month': 32 is out of range 1-31"),
        ("cron(0 0 1 0 ? *)", "cron field 'Month': 0 is out of range 1-12"),
        ("cron(0 0 1 13 ? *)", "cron field 'Month': 13 is out of range 1-12"),
        ("cron(0 0 ? * 0 *)", "cron field 'Day-of-week': 0 is out of range 1-7"),
        ("cron(0 0 ? * 8 *)", "cron field 'Day-of-week': 8 is out of range 1-7"),
        ("cron(0 0 1 * ? 1969)", "cron field 'Year': 1969 is out of range 1970-2199"),
        ("cron(0 0 1 * ? 2200)", "cron field 'Year': 2200 is out of range 1970-2199"),
        ("cron(0 0 1 1 ? 99999999999999999999)", "cron field 'Year': 99999999999999999999 is out of range 1970-2199"),
        ("cron(0 0-24 * * ? *)", "cron field 'Hours': 24 is out of range 0-23"),
        ("cron(0,61 0 * * ? *)", "cron field 'Minutes': 61 is out of range 0-59"),
        // The day fields: exactly one '?'.
        ("cron(0 0 * * * *)", "cron expression: one of Day-of-month and Day-of-week must be '?' (got '*' and '*')"),
        ("cron(0 0 1 * 2 *)", "cron expression: one of Day-of-month and Day-of-week must be '?' (got '1' and '2')"),
        ("cron(0 0 ? * ? *)", "cron expression: Day-of-month and Day-of-week cannot both be '?'; use '?' in exactly one of them"),
        // '?' anywhere else.
        ("cron(? 0 * * ? *)", "cron field 'Minutes': '?' is only allowed in Day-of-month and Day-of-week"),
        ("cron(0 ? * * ? *)", "cron field 'Hours': '?' is only allowed in Day-of-month and Day-of-week"),
        ("cron(0 0 * ? ? *)", "cron field 'Month': '?' is only allowed in Day-of-month and Day-of-week"),
        ("cron(0 0 * * ? ?)", "cron field 'Year': '?' is only allowed in Day-of-month and Day-of-week"),
        ("cron(0 0 1,? * ? *)", "cron field 'Day-of-month': '?' cannot be combined with other values"),
        ("cron(0 0 ? * ?,2 *)", "cron field 'Day-of-week': '?' cannot be combined with other values"),
        // L, W and # outside their fields.
        ("cron(5L 0 * * ? *)", "cron field 'Minutes': 'L' is only allowed in Day-of-month and Day-of-week"),
        ("cron(L 0 * * ? *)", "cron field 'Minutes': 'L' is only allowed in Day-of-month and Day-of-week"),
        ("cron(0 L * * ? *)", "cron field 'Hours': 'L' is only allowed in Day-of-month and Day-of-week"),
        ("cron(0 0 1 L ? *)", "cron field 'Month': 'L' is only allowed in Day-of-month and Day-of-week"),
        ("cron(0 0 * * ? L)", "cron field 'Year': 'L' is only allowed in Day-of-month and Day-of-week"),
        ("cron(15W 0 * * ? *)", "cron field 'Minutes': 'W' is only allowed in Day-of-month"),
        ("cron(0 0 ? * 3W *)", "cron field 'Day-of-week': 'W' is only allowed in Day-of-month"),
        ("cron(0 0 ? * LW *)", "cron field 'Day-of-week': 'W' is only allowed in Day-of-month"),
        ("cron(0#2 0 * * ? *)", "cron field 'Minutes': '#' is only allowed in Day-of-week"),
        ("cron(0 0 1#2 * ? *)", "cron field 'Day-of-month': '#' is only allowed in Day-of-week"),
        // Increments.
        ("cron(*/60 * * * ? *)", "cron field 'Minutes': increment 60 in '*/60' is out of range 1-59"),
        ("cron(0/0 * * * ? *)", "cron field 'Minutes': increment 0 in '0/0' is out of range 1-59"),
        ("cron(0 */24 * * ? *)", "cron field 'Hours': increment 24 in '*/24' is out of range 1-23"),
        ("cron(0 0 */32 * ? *)", "cron field 'Day-of-month': increment 32 in '*/32' is out of range 1-31"),
        ("cron(0 0 1 */13 ? *)", "cron field 'Month': increment 13 in '*/13' is out of range 1-12"),
        ("cron(0 0 1 1 ? */230)", "cron field 'Year': increment 230 in '*/230' is out of range 1-229"),
        ("cron(0/ * * * ? *)", "cron field 'Minutes': '0/' needs an increment after '/'"),
        ("cron(/5 * * * ? *)", "cron field 'Minutes': '/5' needs a start value before '/'"),
        ("cron(0/x * * * ? *)", "cron field 'Minutes': increment 'x' in '0/x' is not a number"),
        ("cron(0/5/2 * * * ? *)", "cron field 'Minutes': '0/5/2' has more than one '/'"),
        ("cron(0 0 ? * 1/2 *)", "cron field 'Day-of-week': '/' is not allowed in Day-of-week"),
        ("cron(0 0 ? * */2 *)", "cron field 'Day-of-week': '/' is not allowed in Day-of-week"),
        ("cron(60/5 * * * ? *)", "cron field 'Minutes': 60 is out of range 0-59"),
        // Ranges and lists.
        ("cron(5- * * * ? *)", "cron field 'Minutes': '5-' is not a valid range"),
        ("cron(-5 * * * ? *)", "cron field 'Minutes': '-5' is not a valid range"),
        ("cron(1-2-3 * * * ? *)", "cron field 'Minutes': '1-2-3' is not a valid range"),
        ("cron(*-5 * * * ? *)", "cron field 'Minutes': '*' is not a valid value (expected 0-59)"),
        ("cron(0 0 1 1 ? 2030-2020)", "cron field 'Year': range '2030-2020' ends before it starts"),
        ("cron(1, * * * ? *)", "cron field 'Minutes': '1,' has an empty list item"),
        ("cron(,1 * * * ? *)", "cron field 'Minutes': ',1' has an empty list item"),
        ("cron(1,,2 * * * ? *)", "cron field 'Minutes': '1,,2' has an empty list item"),
        ("cron(*,5 * * * ? *)", "cron field 'Minutes': '*' cannot be combined with other values in a list"),
        // Values and names.
        ("cron(x * * * ? *)", "cron field 'Minutes': 'x' is not a valid value (expected 0-59)"),
        ("cron(MON 0 * * ? *)", "cron field 'Minutes': 'MON' is not a valid value (expected 0-59)"),
        ("cron(0 0 1 JANUARY ? *)", "cron field 'Month': 'JANUARY' is not a valid value (expected 1-12 or JAN-DEC)"),
        ("cron(0 0 1 MON ? *)", "cron field 'Month': 'MON' is not a valid value (expected 1-12 or JAN-DEC)"),
        ("cron(0 0 ? * JAN *)", "cron field 'Day-of-week': 'JAN' is not a valid value (expected 1-7 or SUN-SAT)"),
        ("cron(0 0 ? * MONDAY *)", "cron field 'Day-of-week': 'MONDAY' is not a valid value (expected 1-7 or SUN-SAT)"),
        ("cron(0 0 1 * ? 20X0)", "cron field 'Year': '20X0' is not a valid value (expected 1970-2199)"),
        // L and W in Day-of-month.
        ("cron(0 0 L-3 * ? *)", "cron field 'Day-of-month': offsets from the last day ('L-3') are not supported"),
        ("cron(0 0 3L * ? *)", "cron field 'Day-of-month': '3L' is not valid: 'L' in Day-of-month must be used alone"),
        ("cron(0 0 LX * ? *)", "cron field 'Day-of-month': 'LX' is not a valid value (expected 1-31)"),
        ("cron(0 0 W * ? *)", "cron field 'Day-of-month': 'W' needs a day before it, e.g. '15W'"),
        ("cron(0 0 1-5W * ? *)", "cron field 'Day-of-month': 'W' needs a single day before it, e.g. '15W', not '1-5'"),
        ("cron(0 0 L,15 * ? *)", "cron field 'Day-of-month': 'L' cannot be combined with other values in a list"),
        ("cron(0 0 15W,20 * ? *)", "cron field 'Day-of-month': '15W' cannot be combined with other values in a list"),
        ("cron(0 0 0W * ? *)", "cron field 'Day-of-month': 0 is out of range 1-31"),
        ("cron(0 0 32W * ? *)", "cron field 'Day-of-month': 32 is out of range 1-31"),
        // L and # in Day-of-week.
        ("cron(0 0 ? * 3#1,6#3 *)", "cron field 'Day-of-week': only one expression is allowed when '#' is used (got '3#1,6#3')"),
        ("cron(0 0 ? * 3#6 *)", "cron field 'Day-of-week': occurrence '6' in '3#6' is out of range 1-5"),
        ("cron(0 0 ? * 3#0 *)", "cron field 'Day-of-week': occurrence '0' in '3#0' is out of range 1-5"),
        ("cron(0 0 ? * 3#x *)", "cron field 'Day-of-week': occurrence 'x' in '3#x' is out of range 1-5"),
        ("cron(0 0 ? * #2 *)", "cron field 'Day-of-week': '#2' is not valid: '#' needs a weekday and an occurrence, e.g. '3#2'"),
        ("cron(0 0 ? * 3# *)", "cron field 'Day-of-week': '3#' is not valid: '#' needs a weekday and an occurrence, e.g. '3#2'"),
        ("cron(0 0 ? * 3#2#1 *)", "cron field 'Day-of-week': '3#2#1' is not valid: '#' needs a weekday and an occurrence, e.g. '3#2'"),
        ("cron(0 0 ? * 8#2 *)", "cron field 'Day-of-week': 8 is out of range 1-7"),
        ("cron(0 0 ? * 1-3#2 *)", "cron field 'Day-of-week': '1-3' is not a valid value (expected 1-7 or SUN-SAT)"),
        ("cron(0 0 ? * 6L,2 *)", "cron field 'Day-of-week': '6L' cannot be combined with other values in a list"),
        ("cron(0 0 ? * L-2 *)", "cron field 'Day-of-week': offsets from 'L' ('L-2') are not supported"),
        ("cron(0 0 ? * 8L *)", "cron field 'Day-of-week': 8 is out of range 1-7"),
        ("cron(0 0 ? * 1-3L *)", "cron field 'Day-of-week': '1-3' is not a valid value (expected 1-7 or SUN-SAT)"),
    ]

    @Test(arguments: invalid)
    func rejects(_ text: String, reason: String) {
        let error = #expect(throws: ScheduleExpressionError.self) {
            try ScheduleExpression(parsing: text)
        }
        #expect(error?.reason == reason)
        #expect(error?.expression == text)
        #expect(error?.description == "invalid schedule expression '\(text)': \(reason)")
    }

    @Test func errorNamesTheField() {
        do {
            _ = try ScheduleExpression(parsing: "cron(0 24 * * ? *)")
            Issue.record("expected an error")
        } catch {
            #expect(error.field == "Hours")
            #expect(error.description == "invalid schedule expression 'cron(0 24 * * ? *)': cron field 'Hours': 24 is out of range 0-23")
        }
        do {
            _ = try ScheduleExpression(parsing: "rate(1 hours)")
            Issue.record("expected an error")
        } catch {
            #expect(error.field == nil)
        }
    }

    @Test func equalTextsParseToEqualExpressions() throws {
        let first = try ScheduleExpression(parsing: "cron(0 18 ? * MON-FRI *)")
        let second = try ScheduleExpression(parsing: "cron(0 18 ? * MON-FRI *)")
        #expect(first == second)
        #expect(try first != ScheduleExpression(parsing: "cron(0 18 ? * 2-6 *)"))
    }
}
