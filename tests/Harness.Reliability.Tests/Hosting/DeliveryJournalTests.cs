using System.Text.Json;
using Harness.Reliability.Journal;
using Harness.Reliability.Tests.Support;

namespace Harness.Reliability.Tests.Hosting;

/// <summary>The delivery journal's memory: a journal that keeps no entries holds counts only, and its file is complete.</summary>
public class DeliveryJournalTests
{
    private const int Deliveries = 21;
    private const int PayloadCharacters = 3_500_000;

    [Test]
    public async Task A_journal_keeping_no_entries_counts_every_delivery_writes_it_to_its_file_and_does_not_hold_its_payload()
    {
        var path = Path.Combine(Path.GetTempPath(), "harness-journal-" + Guid.NewGuid().ToString("N") + ".jsonl");
        try
        {
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var journal = new DeliveryJournal(path, keepEntries: false);
            var counts = new List<int>();
            for (var i = 1; i <= Deliveries; i++)
            {
                // A new string per delivery, as each request's payload is: a journal that held them would hold 147 MB.
                counts.Add(journal.Record("session-a", new JournalCall(JournalOperation.Append, i, new string((char)('a' + (i % 26)), PayloadCharacters)), i).CountInSession);
            }

            await journal.DisposeAsync();
            var retained = GC.GetTotalMemory(forceFullCollection: true) - before;
            GC.KeepAlive(journal);

            retained.Should().BeLessThan(40L * 1024 * 1024, "{0} payloads of {1} characters must not stay in memory", Deliveries, PayloadCharacters);
            journal.Count.Should().Be(Deliveries);
            counts.Should().Equal(Enumerable.Range(1, Deliveries));
            var readEntries = () => journal.Entries;
            readEntries.Should().Throw<InvalidOperationException>("the file is the record");

            var lines = await File.ReadAllLinesAsync(path, TestTimeout.Token);
            lines.Should().HaveCount(Deliveries);
            using var last = JsonDocument.Parse(lines[^1]);
            last.RootElement.GetProperty("payload").GetString()!.Length.Should().Be(PayloadCharacters);
            last.RootElement.GetProperty("payloadLength").GetInt32().Should().Be(PayloadCharacters);
            last.RootElement.GetProperty("payloadSha256").GetString().Should().Be(PayloadDigest.Of(last.RootElement.GetProperty("payload").GetString()!).Sha256);
            last.RootElement.GetProperty("countInSession").GetInt32().Should().Be(Deliveries);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void A_journal_keeping_its_entries_keeps_a_digest_of_each_payload_not_the_payload()
    {
        var journal = new DeliveryJournal();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 1; i <= Deliveries; i++)
        {
            journal.Record("session-a", new JournalCall(JournalOperation.Append, i, new string((char)('a' + (i % 26)), PayloadCharacters)), i);
        }

        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(journal);

        retained.Should().BeLessThan(40L * 1024 * 1024, "the entries of {0} payloads of {1} characters keep digests only", Deliveries, PayloadCharacters);
        var entry = journal.Entries[^1];
        entry.Payload.Length.Should().Be(PayloadCharacters);
        entry.Payload.Should().Be(PayloadDigest.Of(new string((char)('a' + (Deliveries % 26)), PayloadCharacters)));
        entry.Payload.Should().NotBe(PayloadDigest.Of(new string((char)('a' + (Deliveries % 26)), PayloadCharacters - 1) + "!"));
    }

    [Test]
    public void A_journal_keeping_its_entries_returns_them_in_order()
    {
        var journal = new DeliveryJournal();

        journal.Record("s", new JournalCall(JournalOperation.Post, 1, "one"), 1);
        journal.Record("s", new JournalCall(JournalOperation.Append, 2, "two"), 2);

        journal.Entries.Select(e => (e.Payload.Preview, e.CountInSession)).Should().Equal(("one", 1), ("two", 2));
        journal.Count.Should().Be(2);
    }
}
