import XCTest
@testable import Net

final class RateLimitedReportTests: XCTestCase {
    func testFirstFailureIsReportedAtOnceThenAtMostOncePerIntervalWithTheCount() {
        let secondNs: UInt64 = 1_000_000_000
        var report = RateLimitedReport(intervalNs: secondNs)
        XCTAssertEqual(report.note(nowNs: 5 * secondNs), 1)
        XCTAssertNil(report.note(nowNs: 5 * secondNs + 1))
        XCTAssertNil(report.note(nowNs: 5 * secondNs + secondNs / 2))
        XCTAssertNil(report.note(nowNs: 6 * secondNs - 1))
        XCTAssertEqual(report.note(nowNs: 6 * secondNs), 4, "three suppressed plus this one")
        XCTAssertNil(report.note(nowNs: 6 * secondNs + 10))
        XCTAssertEqual(report.note(nowNs: 60 * secondNs), 2)
        XCTAssertEqual(report.note(nowNs: 61 * secondNs), 1)
    }
}
