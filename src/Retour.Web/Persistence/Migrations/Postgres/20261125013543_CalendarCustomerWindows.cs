using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retour.Web.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CalendarCustomerWindows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_AnalyticsCustomerWindowStates",
                table: "AnalyticsCustomerWindowStates");

            migrationBuilder.DropPrimaryKey(
                name: "PK_AnalyticsCustomerWindows",
                table: "AnalyticsCustomerWindows");

            migrationBuilder.DropIndex(
                name: "IX_AnalyticsCustomerWindows_Returned",
                table: "AnalyticsCustomerWindows");

            migrationBuilder.DropIndex(
                name: "IX_AnalyticsCustomerWindows_Returns",
                table: "AnalyticsCustomerWindows");

            migrationBuilder.AddColumn<DateOnly>(
                name: "First",
                table: "AnalyticsCustomerWindowStates",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<DateOnly>(
                name: "First",
                table: "AnalyticsCustomerWindows",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddPrimaryKey(
                name: "PK_AnalyticsCustomerWindowStates",
                table: "AnalyticsCustomerWindowStates",
                columns: new[] { "Days", "First" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_AnalyticsCustomerWindows",
                table: "AnalyticsCustomerWindows",
                columns: new[] { "Days", "First", "Customer" });

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsCustomerWindows_Returned",
                table: "AnalyticsCustomerWindows",
                columns: new[] { "Days", "First", "ReturnedUnits", "Customer" },
                descending: new[] { false, false, true, false },
                filter: "\"ReturnedUnits\" > 0");

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsCustomerWindows_Returns",
                table: "AnalyticsCustomerWindows",
                columns: new[] { "Days", "First", "Returns", "ReturnedUnits", "SoldUnits", "Customer" },
                filter: "\"Returns\" > 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_AnalyticsCustomerWindowStates",
                table: "AnalyticsCustomerWindowStates");

            migrationBuilder.DropPrimaryKey(
                name: "PK_AnalyticsCustomerWindows",
                table: "AnalyticsCustomerWindows");

            migrationBuilder.DropIndex(
                name: "IX_AnalyticsCustomerWindows_Returned",
                table: "AnalyticsCustomerWindows");

            migrationBuilder.DropIndex(
                name: "IX_AnalyticsCustomerWindows_Returns",
                table: "AnalyticsCustomerWindows");

            migrationBuilder.DropColumn(
                name: "First",
                table: "AnalyticsCustomerWindowStates");

            migrationBuilder.DropColumn(
                name: "First",
                table: "AnalyticsCustomerWindows");

            migrationBuilder.AddPrimaryKey(
                name: "PK_AnalyticsCustomerWindowStates",
                table: "AnalyticsCustomerWindowStates",
                column: "Days");

            migrationBuilder.AddPrimaryKey(
                name: "PK_AnalyticsCustomerWindows",
                table: "AnalyticsCustomerWindows",
                columns: new[] { "Days", "Customer" });

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
    }
}
