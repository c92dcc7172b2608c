export { createDealerBoard, type DealerBoardOptions } from './createDealerBoard';
export { BOARD_CONSUMER, createBoardProjector, type BoardProjector, type BoardProjectorOptions } from './boardProjector';
export { foldBoardBatch, type BoardChanges } from './foldBoardBatch';
