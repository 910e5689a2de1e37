using Npgsql;
using Retour.Web.Persistence;

namespace Retour.Web.Tests.Operations;

/// <summary>What Retour adds to a PostgreSQL connection string, and that an operator's own settings win.</summary>
public sealed class ConnectionDefaultsTests
{
    [Fact]
    public void Postgres_PreparesStatements_AndGivesSortsRoom_UnlessTheStringSaysOtherwise()
    {
        var added = new NpgsqlConnectionStringBuilder(PersistenceModule.WithAutoPrepare("Host=127.0.0.1;Username=retour"));
        Assert.Equal((128, 2, true, "-c work_mem=32MB -c plan_cache_mode=force_generic_plan"), (added.MaxAutoPrepare, added.AutoPrepareMinUsages, added.NoResetOnClose, added.Options));

        var own = new NpgsqlConnectionStringBuilder(PersistenceModule.WithAutoPrepare("Host=127.0.0.1;Username=retour;Max Auto Prepare=10;Options=-c work_mem=8MB"));
        Assert.Equal((10, false, "-c work_mem=8MB"), (own.MaxAutoPrepare, own.NoResetOnClose, own.Options));
    }
}
