using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retour.Web.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class QueueIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Returns_Queue_AwaitingInspection",
                table: "Returns",
                columns: new[] { "RequestedAt", "Number" },
                filter: "\"Status\" = 'Received' AND \"ExpectedUnits\" = 0");

            migrationBuilder.CreateIndex(
                name: "IX_Returns_Queue_AwaitingShipment",
                table: "Returns",
                columns: new[] { "RequestedAt", "Number" },
                filter: "\"Status\" IN ('Approved', 'AwaitingShipment')");

            migrationBuilder.CreateIndex(
                name: "IX_Returns_Queue_Open",
                table: "Returns",
                columns: new[] { "RequestedAt", "Number" },
                filter: "\"Status\" IN ('InTransit', 'Received', 'Inspected')");

            migrationBuilder.CreateIndex(
                name: "IX_Returns_Queue_PartlyReceived",
                table: "Returns",
                columns: new[] { "RequestedAt", "Number" },
                filter: "\"Status\" = 'Received' AND \"ExpectedUnits\" > 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Returns_Queue_AwaitingInspection",
                table: "Returns");

            migrationBuilder.DropIndex(
                name: "IX_Returns_Queue_AwaitingShipment",
                table: "Returns");

            migrationBuilder.DropIndex(
                name: "IX_Returns_Queue_Open",
                table: "Returns");

            migrationBuilder.DropIndex(
                name: "IX_Returns_Queue_PartlyReceived",
                table: "Returns");
        }
    }
}
