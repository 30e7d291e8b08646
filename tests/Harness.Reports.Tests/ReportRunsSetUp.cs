using Harness.Reports.Tests.Support;

namespace Harness.Reports.Tests;

/// <summary>Makes the runs every test reads (<see cref="ReportRuns"/>) once, before any test of the assembly.</summary>
[SetUpFixture]
public sealed class ReportRunsSetUp
{
    [OneTimeSetUp]
    public Task MakeRunsAsync() => ReportRuns.MakeAsync();
}
