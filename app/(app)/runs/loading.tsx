import { PageSkeleton } from "../../../components/ui/skeleton.tsx";

export default function Loading() {
  return <PageSkeleton label="Loading runs…" columns={7} rows={8} />;
}
