import XCTest
@testable import Net

final class NetSmokeTests: XCTestCase {
    func testModuleLinks() { XCTAssertTrue(true) }
}
