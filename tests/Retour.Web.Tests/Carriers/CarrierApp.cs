using Retour.Web.Tests.Infrastructure;

namespace Retour.Web.Tests.Carriers;

/// <summary>
/// A host with the own-account carrier enabled: a first range of three S10 numbers (RR), then a large one (RS),
/// labels valid three days at 4.90 EUR, drop-off codes, and home pickup Monday to Friday booked before 18:00.
/// </summary>
public class CarrierApp : RetourApp
{
    /// <summary>Creates the host; <paramref name="secondRangeLast"/> is the last serial of the second range.</summary>
    public CarrierApp(Provider provider, int secondRangeLast = 20_099_999)
        : base(provider, NewDatabase(provider))
    {
        Settings["Carriers:Own:Enabled"] = "true";
        Settings["Carriers:Own:DisplayName"] = "Test Post";
        Settings["Carriers:Own:Ranges:0:ServiceIndicator"] = "RR";
        Settings["Carriers:Own:Ranges:0:First"] = "10000000";
        Settings["Carriers:Own:Ranges:0:Last"] = "10000002";
        Settings["Carriers:Own:Ranges:0:Country"] = "FR";
        Settings["Carriers:Own:Ranges:1:ServiceIndicator"] = "RS";
        Settings["Carriers:Own:Ranges:1:First"] = "20000000";
        Settings["Carriers:Own:Ranges:1:Last"] = secondRangeLast.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["Carriers:Own:Ranges:1:Country"] = "FR";
        Settings["Carriers:Own:LabelCost"] = "4.90";
        Settings["Carriers:Own:CostCurrency"] = "EUR";
        Settings["Carriers:Own:ValidDays"] = "3";
        Settings["Carriers:Own:DropOffCodes"] = "true";
        Settings["Carriers:Own:Pickup:Enabled"] = "true";
        Settings["Carriers:Own:Pickup:CutOff"] = "18:00";
        Settings["Carriers:ReturnsCountry"] = "FR";
    }
}

/// <summary>The carrier host on SQLite.</summary>
public sealed class SqliteCarrierApp() : CarrierApp(Provider.Sqlite);

/// <summary>The carrier host on PostgreSQL.</summary>
public sealed class PostgresCarrierApp() : CarrierApp(Provider.Postgres);
