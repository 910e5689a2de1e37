using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retour.Web.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RateCells : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every day the old rollups held is marked stale, so the new rows are written from the source tables
            // (by the first reader, or ahead of it by `rebuild-analytics`; decision 0024).
            migrationBuilder.Sql(
                """
                INSERT INTO "AnalyticsRollupMarks" ("Id", "Day")
                SELECT gen_random_uuid(), "Day" FROM (SELECT "Day" FROM "AnalyticsDailySales" UNION SELECT "Day" FROM "AnalyticsDailyReturns") AS d;
                """);

            migrationBuilder.DropTable(
                name: "AnalyticsDailyReturns");

            migrationBuilder.DropTable(
                name: "AnalyticsDailySales");

            migrationBuilder.CreateTable(
                name: "AnalyticsCustomerCells",
                columns: table => new
                {
                    Grain = table.Column<int>(type: "integer", maxLength: 32, nullable: false),
                    Period = table.Column<DateOnly>(type: "date", nullable: false),
                    Customer = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    SoldUnits = table.Column<long>(type: "bigint", nullable: false),
                    SoldValue = table.Column<long>(type: "bigint", nullable: false),
                    ReturnedUnits = table.Column<long>(type: "bigint", nullable: false),
                    ReturnedValue = table.Column<long>(type: "bigint", nullable: false),
                    Returns = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsCustomerCells", x => new { x.Customer, x.Grain, x.Period, x.Currency });
                });

            migrationBuilder.CreateTable(
                name: "AnalyticsRateCells",
                columns: table => new
                {
                    Cube = table.Column<int>(type: "integer", maxLength: 32, nullable: false),
                    Grain = table.Column<int>(type: "integer", maxLength: 32, nullable: false),
                    Period = table.Column<DateOnly>(type: "date", nullable: false),
                    Sku = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Product = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Category = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Channel = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Reason = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    SoldUnits = table.Column<long>(type: "bigint", nullable: false),
                    SoldValue = table.Column<long>(type: "bigint", nullable: false),
                    ReturnedUnits = table.Column<long>(type: "bigint", nullable: false),
                    ReturnedValue = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsRateCells", x => new { x.Cube, x.Grain, x.Period, x.Currency, x.Category, x.Channel, x.Country, x.Reason, x.Sku, x.Product });
                });

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsRateCells_Cube_Country_Grain_Period",
                table: "AnalyticsRateCells",
                columns: new[] { "Cube", "Country", "Grain", "Period" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AnalyticsCustomerCells");

            migrationBuilder.DropTable(
                name: "AnalyticsRateCells");

            migrationBuilder.CreateTable(
                name: "AnalyticsDailyReturns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Category = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Channel = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Product = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Reason = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Sku = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Units = table.Column<int>(type: "integer", nullable: false),
                    Value = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsDailyReturns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AnalyticsDailySales",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Category = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Channel = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Product = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Sku = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Units = table.Column<int>(type: "integer", nullable: false),
                    Value = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsDailySales", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsDailyReturns_Day_Sku",
                table: "AnalyticsDailyReturns",
                columns: new[] { "Day", "Sku" });

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsDailySales_Day_Sku",
                table: "AnalyticsDailySales",
                columns: new[] { "Day", "Sku" });
        }
    }
}
