using Harness.Reports.Tests.Support;
namespace Harness.Reports.Tests;
public class DumpTests
{
    [Test]
    public void Dump() => TestContext.Out.WriteLine(ReportRuns.Failing.Folder + " " + ReportRuns.Passing.Folder);
}
