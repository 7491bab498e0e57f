import XCTest
@testable import Flow

final class FlowSmokeTests: XCTestCase {
    func testModuleLinks() { XCTAssertTrue(true) }
}
