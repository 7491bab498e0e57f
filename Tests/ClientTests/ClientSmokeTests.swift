import XCTest
@testable import Client

final class ClientSmokeTests: XCTestCase {
    func testModuleLinks() { XCTAssertTrue(true) }
}
