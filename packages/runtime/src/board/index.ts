export { createDealerBoard, type DealerBoardOptions } from './createDealerBoard';
export { createBoardProjector, type BoardProjector, type BoardProjectorOptions } from './boardProjector';
export { foldBoardBatch, type BoardChanges } from './foldBoardBatch';
