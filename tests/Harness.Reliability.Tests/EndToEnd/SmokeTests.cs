using Harness.Protocol.Versions;
using Harness.Reliability.Settings;
using Harness.Reliability.Tests.Support;

namespace Harness.Reliability.Tests.EndToEnd;

public class SmokeTests
{
    [TestCase("2005", true)]
    [TestCase("11", true)]
    [TestCase("2005", false)]
    [TestCase("11", false)]
    public async Task A_few_calls_arrive_once_in_order(string rm, bool requestReply)
    {
        var settings = new ReliableSessionSettings { ReliableMessagingVersion = ReliableMessagingVersion.FromShortName(rm)! };
        await using var service = await ServiceFixture.StartAsync(settings);
        await using var session = await service.OpenAsync(settings, requestReply);

        var results = new List<int>();
        for (var i = 1; i <= 20; i++)
        {
            if (requestReply)
            {
                results.Add(await session.AppendAsync(i, "m" + i, TestTimeout.Token));
            }
            else
            {
                await session.PostAsync(i, "m" + i, TestTimeout.Token);
            }
        }

        await session.CloseAsync(TestTimeout.Token);

        service.Host.Journal.EntriesOf(session.SessionId).Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, 20));
        if (requestReply)
        {
            results.Should().Equal(Enumerable.Range(1, 20));
        }
    }
}
