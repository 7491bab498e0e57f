import XCTest
@testable import Wire

final class WireSmokeTests: XCTestCase {
    func testModuleLinks() { XCTAssertTrue(true) }
}
