using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retour.Web.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CustomerWindows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Empty: each window is summed by its first reader, or ahead of it by `rebuild-analytics` (decision 0028).
            migrationBuilder.CreateTable(
                name: "AnalyticsCustomerWindows",
                columns: table => new
                {
                    Days = table.Column<int>(type: "integer", nullable: false),
                    Customer = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    SoldUnits = table.Column<long>(type: "bigint", nullable: false),
                    ReturnedUnits = table.Column<long>(type: "bigint", nullable: false),
                    Returns = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsCustomerWindows", x => new { x.Days, x.Customer });
                });

            migrationBuilder.CreateTable(
                name: "AnalyticsCustomerWindowStates",
                columns: table => new
                {
                    Days = table.Column<int>(type: "integer", nullable: false),
                    AsOf = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AnalyticsCustomerWindowStates", x => x.Days);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsCustomerWindows_Returned",
                table: "AnalyticsCustomerWindows",
                columns: new[] { "Days", "ReturnedUnits", "Customer" },
                descending: new[] { false, true, false },
                filter: "\"ReturnedUnits\" > 0");

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsCustomerWindows_Returns",
                table: "AnalyticsCustomerWindows",
                columns: new[] { "Days", "Returns", "ReturnedUnits", "SoldUnits", "Customer" },
                filter: "\"Returns\" > 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AnalyticsCustomerWindows");

            migrationBuilder.DropTable(
                name: "AnalyticsCustomerWindowStates");
        }
    }
}
