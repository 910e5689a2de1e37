using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retour.Web.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class WeekRowsAndWindowTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "Returners",
                table: "AnalyticsCustomerWindowStates",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "Returns",
                table: "AnalyticsCustomerWindowStates",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            // The windows are summed again, with their totals, by their next reader (decision 0028).
            migrationBuilder.Sql("""DELETE FROM "AnalyticsCustomerWindowStates"; DELETE FROM "AnalyticsCustomerWindows";""");

            // Week rows (Monday to Sunday) of the SKU and item cubes, summed from the detail cube's day rows (decision 0029).
            migrationBuilder.Sql("""
                INSERT INTO "AnalyticsRateCells" ("Cube", "Grain", "Period", "Sku", "Product", "Category", "Channel", "Country", "Reason", "Currency", "SoldUnits", "SoldValue", "ReturnedUnits", "ReturnedValue")
                SELECT 1, 2, date_trunc('week', "Period")::date, "Sku", "Product", "Category", '', '', "Reason", "Currency", SUM("SoldUnits"), SUM("SoldValue"), SUM("ReturnedUnits"), SUM("ReturnedValue")
                FROM "AnalyticsRateCells" WHERE "Cube" = 0 AND "Grain" = 0
                GROUP BY date_trunc('week', "Period")::date, "Sku", "Product", "Category", "Reason", "Currency";
                INSERT INTO "AnalyticsRateCells" ("Cube", "Grain", "Period", "Sku", "Product", "Category", "Channel", "Country", "Reason", "Currency", "SoldUnits", "SoldValue", "ReturnedUnits", "ReturnedValue")
                SELECT 3, 2, date_trunc('week', "Period")::date, "Sku", "Product", "Category", '', '', '', "Currency", SUM("SoldUnits"), SUM("SoldValue"), SUM("ReturnedUnits"), SUM("ReturnedValue")
                FROM "AnalyticsRateCells" WHERE "Cube" = 0 AND "Grain" = 0
                GROUP BY date_trunc('week', "Period")::date, "Sku", "Product", "Category", "Currency";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DELETE FROM "AnalyticsRateCells" WHERE "Grain" = 2;""");
            migrationBuilder.DropColumn(
                name: "Returners",
                table: "AnalyticsCustomerWindowStates");

            migrationBuilder.DropColumn(
                name: "Returns",
                table: "AnalyticsCustomerWindowStates");
        }
    }
}
