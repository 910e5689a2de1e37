using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retour.Web.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ItemCube : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The item cube (decision 0024) is the detail cube's day and month rows without reason, channel and country.
            migrationBuilder.Sql("""
                INSERT INTO "AnalyticsRateCells" ("Cube", "Grain", "Period", "Sku", "Product", "Category", "Channel", "Country", "Reason", "Currency", "SoldUnits", "SoldValue", "ReturnedUnits", "ReturnedValue")
                SELECT 3, "Grain", "Period", "Sku", "Product", "Category", '', '', '', "Currency", SUM("SoldUnits"), SUM("SoldValue"), SUM("ReturnedUnits"), SUM("ReturnedValue")
                FROM "AnalyticsRateCells" WHERE "Cube" = 0
                GROUP BY "Grain", "Period", "Sku", "Product", "Category", "Currency";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DELETE FROM "AnalyticsRateCells" WHERE "Cube" = 3;""");
        }
    }
}
